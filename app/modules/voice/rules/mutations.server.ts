/** Group and program rules: a new version published directly by staff, or by a decided proposal. */
import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { groups, programs } from "~/db/schema";
import { ruleVersions } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { type CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { canPublishRules } from "../policy";
import { relationTo } from "~/modules/voice/proposals/queries.server";
import { currentRules } from "./current.server";
import { rulesForm } from "./version";

export async function resolveTarget(tx: Executor, user: CurrentUser, target: { scope: "group" | "program"; id: string }) {
  if (target.scope === "group") {
    const [g] = await tx
      .select({ id: groups.id, programId: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, target.id), eq(groups.organizationId, user.organizationId)));
    if (!g) throw new UserInputError("Choose one of your groups or programs.", "target");
    return { scope: "group" as const, groupId: g.id, programId: g.programId };
  }
  const [p] = await tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, target.id), eq(programs.organizationId, user.organizationId)));
  if (!p) throw new UserInputError("Choose one of your groups or programs.", "target");
  return { scope: "program" as const, groupId: null, programId: p.id };
}

type RulesInput = { body: string; changeSummary: string };

/** One publication of a group's or program's rules at a time (a version number each, compared with the current text). */
async function lockRules(tx: Executor, targetId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.rules:${targetId}`}))`);
}

/**
 * Takes the rules' publication lock, then refuses a publication from a page opened on other rules
 * than the current ones (`version`: rulesForm.version of the text the page showed; `null`, a form
 * that named none, is refused too; `undefined`, not from a form, is not compared). The refusal
 * says `staleMessage` (the publish form's, or a proposal decision's).
 */
export async function rulesUnchangedSince(tx: Executor, organizationId: string, targetId: string, version: string | null | undefined, staleMessage = rulesForm.staleMessage) {
  await lockRules(tx, targetId);
  rulesForm.assertUnchanged(version, await currentRules(tx, organizationId, targetId), undefined, staleMessage);
}

export async function insertRuleVersion(
  tx: Executor,
  user: CurrentUser,
  target: { scope: "group" | "program"; groupId: string | null; programId: string },
  input: RulesInput & { proposalId: string | null },
  now: Date,
) {
  const targetId = target.scope === "group" ? target.groupId! : target.programId;
  await lockRules(tx, targetId);
  const [{ next }] = await tx.execute<{ next: number }>(
    sql`select coalesce(max(version), 0) + 1 as next from rule_versions where target_id = ${targetId}`,
  );
  const [row] = await tx
    .insert(ruleVersions)
    .values({
      organizationId: user.organizationId,
      scope: target.scope,
      programId: target.programId,
      groupId: target.groupId,
      targetId,
      version: Number(next),
      body: input.body,
      changeSummary: input.changeSummary,
      proposalId: input.proposalId,
      publishedBy: user.id,
      publishedAt: now,
    })
    .returning({ id: ruleVersions.id, version: ruleVersions.version });
  await audit(tx, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "rules.publish",
    subjectType: target.scope,
    subjectId: targetId,
    after: { version: row.version, changeSummary: input.changeSummary, proposalId: input.proposalId },
  });
  return row;
}

/**
 * Publishes a new version of the rules from the page's form. `version` is the one the page was
 * opened on (rulesForm.version of the current text): a publication from a page opened before a
 * colleague (or a decided proposal) published newer rules would put the old text back, so it is
 * refused (StaleSave); `null` (a form that named none) is refused too (UnversionedSave); callers
 * outside a form pass none. Compared under the rules' publication lock.
 */
export async function publishRules(user: CurrentUser, scope: "group" | "program", targetId: string, input: RulesInput, now: Date, options: { version?: string | null } = {}) {
  return db.transaction(async (tx) => {
    const target = await resolveTarget(tx, user, { scope, id: targetId }).catch(() => notFound());
    const rel = await relationTo(tx, user, target);
    if (!canPublishRules(user, scope, rel.facilitator)) forbidden("Only managers and this group's facilitators publish its rules.");
    await rulesUnchangedSince(tx, user.organizationId, targetId, options.version);
    return insertRuleVersion(tx, user, target, { ...input, proposalId: null }, now);
  });
}
