import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { organizations } from "~/db/schema";
import { recordAudit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden } from "~/web/http.server";
import type { OrganizationInput } from "./schema";

const FIELDS = ["name", "timezone", "crisisText", "contactEmail", "contactPhone", "address"] as const;

/**
 * The administrator changes the organisation's name, time zone, crisis text and contact details.
 * Audited with the changed fields only; saving unchanged details writes nothing. Returns the
 * fields changed.
 */
export async function updateOrganization(user: CurrentUser, input: OrganizationInput): Promise<string[]> {
  if (user.role !== "admin") forbidden("Only an administrator changes the organisation's details.");
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, user.organizationId)).for("update");
    const changed = FIELDS.filter((f) => current[f] !== input[f]);
    if (changed.length === 0) return [];
    const pick = (from: Record<(typeof FIELDS)[number], string>) => Object.fromEntries(changed.map((f) => [f, from[f]]));
    await tx.update(organizations).set(pick(input)).where(eq(organizations.id, user.organizationId));
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "organization.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: pick(current),
      after: pick(input),
    });
    return changed;
  });
}
