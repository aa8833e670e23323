import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { sentForms } from "~/db/tables/forms";
import { UserInputError } from "~/modules/errors";
import { FORM_TOKEN_PATTERN, OUT_OF_DATE } from "./schema";

/**
 * One-time form tokens (app/db/tables/forms.ts): the same form sent twice acts once. A form that
 * creates a record renders `newFormToken()` in a hidden field; its mutation calls `claimForm` first
 * in its transaction and, when the form was already acted on, answers with the first outcome.
 */
export type FormClaim = { token: string; form: string; fields: Record<string, unknown> };

/** A fresh token for a form rendered now (32 random bytes, URL-safe). */
export { randomToken as newFormToken } from "~/modules/auth/tokens.server";

/** The form's fields as one hash: sorted keys, the token left out, empty values kept. */
export function fieldsHash(fields: Record<string, unknown>): string {
  const sorted = Object.keys(fields)
    .filter((key) => key !== "formToken")
    .sort()
    .map((key) => [key, fields[key]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

/**
 * Records that this form is being acted on, in the caller's transaction. Returns null for the first
 * submission (act, then `recordOutcome`), or the first submission's outcome for a repeat. A
 * parallel repeat waits on the primary key until the first commits (or rolls back: then it is the
 * first). The row is dated to the hour: it sits beside anonymous concerns.
 */
export async function claimForm<T>(tx: Executor, organizationId: string, claim: FormClaim): Promise<{ outcome: T } | null> {
  if (!FORM_TOKEN_PATTERN.test(claim.token)) throw new UserInputError(OUT_OF_DATE);
  const hash = fieldsHash(claim.fields);
  const inserted = await tx
    .insert(sentForms)
    .values({ organizationId, token: claim.token, fieldsHash: hash, form: claim.form, outcome: {}, createdAt: sql`date_trunc('hour', now())` })
    .onConflictDoNothing()
    .returning({ token: sentForms.token });
  if (inserted.length) return null;
  const [first] = await tx
    .select({ organizationId: sentForms.organizationId, form: sentForms.form, outcome: sentForms.outcome })
    .from(sentForms)
    .where(and(eq(sentForms.token, claim.token), eq(sentForms.fieldsHash, hash)));
  if (!first || first.organizationId !== organizationId || first.form !== claim.form) {
    throw new UserInputError(OUT_OF_DATE);
  }
  return { outcome: first.outcome as T };
}

/** The first submission's outcome, for its repeats (ids and links only, nothing personal). */
export async function recordOutcome(tx: Executor, claim: FormClaim, outcome: Record<string, unknown>) {
  await tx
    .update(sentForms)
    .set({ outcome })
    .where(and(eq(sentForms.token, claim.token), eq(sentForms.fieldsHash, fieldsHash(claim.fields))));
}
