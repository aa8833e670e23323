import { and, count, eq, ne, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups } from "~/db/schema";
import { enrolmentDetails } from "~/db/tables/registration";
import { competencyOverrides, competencyProposals } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { UserInputError } from "~/modules/errors";
import { isCurrentVerified, todayInZone } from "~/modules/competency/expiry";
import {
  caseloadProblems,
  describeCaseload,
  describeMissing,
  limitRuleFor,
  limitsFor,
  missingRequirements,
  weightedParticipantLoad,
  type CaseloadProblem,
  type GateRefusal,
  type MissingRequirement,
} from "~/modules/competency/gate";
import { caseloadRules, getSettings, groupRunsAt, loadFramework, orgZone, recordsFor, rolesOf } from "~/modules/competency/queries.server";
import { ensureStarterFramework } from "~/modules/competency/framework/mutations.server";

/** Thrown when a facilitator may not be assigned and no override reason was given. */
export class FacilitatorNotEligibleError extends UserInputError {
  constructor(
    message: string,
    public blocked: { userId: string; missing: MissingRequirement[]; caseload: CaseloadProblem[] }[],
    field = "facilitatorIds",
    /** The refusal as data: the page words it in the reader's language (`message` is the English). */
    public refusal?: GateRefusal,
  ) {
    super(message, field);
  }

  override get details(): { gate: GateRefusal } | undefined {
    return this.refusal ? { gate: this.refusal } : undefined;
  }
}

export const MIN_OVERRIDE_REASON = 10;

const missingItem = (m: MissingRequirement) => ({ name: m.name, standard: m.standard, problem: m.problem });

type Override = { reason: string; actorUserId: string; groupId?: string | null; sessionId?: string | null };

async function eligibilityInputs(tx: Executor, organizationId: string, userIds: string[]) {
  // The gate always has a framework to apply, even before anyone opened a competency page: it is
  // installed in the caller's transaction (no second connection while this one is held; a refused
  // assignment rolls it back, and the next attempt installs it again).
  await ensureStarterFramework(tx, organizationId);
  const [items, records, roles, zone] = await Promise.all([
    loadFramework(tx, organizationId),
    recordsFor(tx, organizationId, userIds),
    rolesOf(tx, organizationId, userIds),
    orgZone(tx, organizationId),
  ]);
  return { items, records, roles, zone };
}

function overrideReasonOrNull(override: { reason: string } | undefined | null): string | null {
  const reason = override?.reason.trim() ?? "";
  return reason.length ? reason : null;
}

async function writeOverride(
  tx: Executor,
  input: {
    organizationId: string;
    facilitatorId: string;
    groupKind: string;
    rule: "competency" | "caseload";
    details: unknown;
    override: Override;
  },
) {
  const [row] = await tx
    .insert(competencyOverrides)
    .values({
      organizationId: input.organizationId,
      facilitatorId: input.facilitatorId,
      groupId: input.override.groupId ?? null,
      sessionId: input.override.sessionId ?? null,
      groupKind: input.groupKind,
      rule: input.rule,
      details: input.details,
      reason: input.override.reason.trim(),
      approvedBy: input.override.actorUserId,
    })
    .returning({ id: competencyOverrides.id });
  await audit(tx, {
    organizationId: input.organizationId,
    actorId: input.override.actorUserId,
    action: `competency.override.${input.rule}`,
    subjectType: input.override.sessionId ? "session" : "group",
    subjectId: input.override.sessionId ?? input.override.groupId ?? "",
    after: { overrideId: row.id, facilitatorId: input.facilitatorId, groupKind: input.groupKind, details: input.details },
    reason: input.override.reason.trim(),
  });
}

/**
 * The gate for one person and one group kind (the scheduling publisher calls this before it
 * publishes sessions led by `userId`). Passes when they hold current verified records for
 * everything required; otherwise throws FacilitatorNotEligibleError, unless `override` carries a
 * written reason, in which case the override is stored and audited and the call passes.
 */
export async function assertFacilitatorEligible(
  tx: Executor,
  input: { organizationId: string; groupKind: string; userId: string; now: Date; override?: Override | null },
): Promise<{ missing: MissingRequirement[]; overridden: boolean }> {
  const { items, records, roles, zone } = await eligibilityInputs(tx, input.organizationId, [input.userId]);
  const person = roles.get(input.userId);
  if (!person || person.role === "participant") throw new UserInputError("Choose a facilitator from your organisation's staff.", "facilitatorIds");
  const missing = missingRequirements({
    items,
    records: records.map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn })),
    groupKind: input.groupKind,
    role: person.role,
    today: todayInZone(input.now, zone),
  });
  if (missing.length === 0) return { missing, overridden: false };
  const reason = overrideReasonOrNull(input.override);
  if (!reason || reason.length < MIN_OVERRIDE_REASON) {
    throw new FacilitatorNotEligibleError(
      `${person.name} cannot lead a ${input.groupKind.replace(/_/g, " ")} yet: ${describeMissing(missing)}.${
        reason ? ` An override needs a reason of at least ${MIN_OVERRIDE_REASON} characters.` : ""
      }`,
      [{ userId: input.userId, missing, caseload: [] }],
      "facilitatorIds",
      { mode: "publish", groupKind: input.groupKind, reason: reason ? "short" : "none", minReason: MIN_OVERRIDE_REASON, people: [{ name: person.name, missing: missing.map(missingItem), caseload: [] }] },
    );
  }
  await writeOverride(tx, {
    organizationId: input.organizationId,
    facilitatorId: input.userId,
    groupKind: input.groupKind,
    rule: "competency",
    details: missing.map((m) => ({ code: m.code, name: m.name, standard: m.standard, problem: m.problem })),
    override: input.override!,
  });
  return { missing, overridden: true };
}

/**
 * The gate as group facilitator assignment uses it (createGroup / updateGroup call this inside
 * their transaction, before writing the facilitators). Checks the people being added (everyone
 * when the group's kind changes) for required competencies, and the added people for the
 * caseload limits (PA-CSE 2.08). With a reason, every problem is overridden, stored and audited;
 * without one it throws a FacilitatorNotEligibleError listing every problem, and records the
 * refused proposal so the facilitator sees what they lack.
 */
export async function gateFacilitatorAssignment(
  tx: Executor,
  input: {
    actor: CurrentUser;
    group: { id: string; name: string; kind: string };
    previousFacilitatorIds: string[];
    facilitatorIds: string[];
    kindChanged: boolean;
    overrideReason: string;
    now: Date;
  },
) {
  const organizationId = input.actor.organizationId;
  const wanted = [...new Set(input.facilitatorIds)];
  const added = wanted.filter((id) => !input.previousFacilitatorIds.includes(id));
  const toCheck = input.kindChanged ? wanted : added;
  if (toCheck.length === 0) return { overrides: 0 };
  // Each added person's caseload is counted and their assignment written under a lock on that
  // person, held to commit: two managers adding the same facilitator to two groups at once take
  // turns, so the second counts the first's group (ids sorted: two such saves never wait on each other).
  for (const userId of [...added].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`facilitator-caseload:${organizationId}:${userId}`}, 0))`);
  }
  const { items, records, roles, zone } = await eligibilityInputs(tx, organizationId, toCheck);
  const today = todayInZone(input.now, zone);
  const settings = await getSettings(tx, organizationId);
  const organisationLimits = { maxGroups: settings.maxGroupsPerFacilitator, maxParticipants: settings.maxParticipantsPerFacilitator };
  const rules = (await caseloadRules(tx, organizationId)).map((r) => ({ ...r, itemName: r.itemName ?? undefined }));
  const blocked: { userId: string; name: string; missing: MissingRequirement[]; caseload: CaseloadProblem[] }[] = [];
  for (const userId of toCheck) {
    const person = roles.get(userId);
    if (!person) continue; // assertStaffOfOrg already refused strangers
    const missing = missingRequirements({
      items,
      records: records.filter((r) => r.userId === userId).map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn })),
      groupKind: input.group.kind,
      role: person.role,
      today,
    });
    let caseload: CaseloadProblem[] = [];
    const heldItemIds = records.filter((r) => r.userId === userId && isCurrentVerified(r, today)).map((r) => r.itemId);
    const limits = limitsFor({ role: person.role, heldItemIds }, rules, organisationLimits);
    if (added.includes(userId) && (limits.maxGroups !== null || limits.maxParticipants !== null)) {
      const weight = settings.urgentParticipantWeight;
      const rule = limitRuleFor({ role: person.role, heldItemIds }, rules);
      caseload = caseloadProblems(limits, await caseloadAfter(tx, organizationId, userId, input.group.id, weight, input.now), weight).map((p) => (rule ? { ...p, rule } : p));
    }
    if (missing.length || caseload.length) blocked.push({ userId, name: person.name, missing, caseload });
  }
  if (blocked.length === 0) return { overrides: 0 };
  const reason = input.overrideReason.trim();
  if (reason.length < MIN_OVERRIDE_REASON) {
    const lines = blocked.map((b) =>
      [`${b.name} cannot lead this ${input.group.kind.replace(/_/g, " ")}`, b.missing.length ? `missing ${describeMissing(b.missing)}` : "", b.caseload.length ? describeCaseload(b.caseload) : ""]
        .filter(Boolean)
        .join(": "),
    );
    await recordProposals(organizationId, input, blocked.filter((b) => b.missing.length));
    throw new FacilitatorNotEligibleError(
      `${lines.join(". ")}. ${
        reason.length
          ? `To assign anyway, the reason must be at least ${MIN_OVERRIDE_REASON} characters.`
          : "Untick them, or give a reason under “Assign anyway” to override."
      }`,
      blocked,
      "facilitatorIds",
      {
        mode: "assign",
        groupKind: input.group.kind,
        reason: reason.length ? "short" : "none",
        minReason: MIN_OVERRIDE_REASON,
        people: blocked.map((b) => ({ name: b.name, missing: b.missing.map(missingItem), caseload: b.caseload })),
      },
    );
  }
  let overrides = 0;
  const override: Override = { reason, actorUserId: input.actor.id, groupId: input.group.id };
  for (const b of blocked) {
    if (b.missing.length) {
      await writeOverride(tx, {
        organizationId,
        facilitatorId: b.userId,
        groupKind: input.group.kind,
        rule: "competency",
        details: b.missing.map((m) => ({ code: m.code, name: m.name, standard: m.standard, problem: m.problem })),
        override,
      });
      overrides++;
    }
    if (b.caseload.length) {
      await writeOverride(tx, { organizationId, facilitatorId: b.userId, groupKind: input.group.kind, rule: "caseload", details: b.caseload.map(({ rule: _rule, ...p }) => p), override });
      overrides++;
    }
  }
  return { overrides };
}

/**
 * Groups led, and the participant load (distinct enrolled participants, an urgent intake weighing
 * `urgentWeight`) carried if `userId` also leads `groupId`.
 */
async function caseloadAfter(tx: Executor, organizationId: string, userId: string, groupId: string, urgentWeight: number, now: Date) {
  // Groups led now that still run (a finished cohort is not workload), besides this one.
  const led = tx
    .select({ id: groupFacilitators.groupId })
    .from(groupFacilitators)
    .where(
      and(
        eq(groupFacilitators.organizationId, organizationId),
        eq(groupFacilitators.userId, userId),
        ne(groupFacilitators.groupId, groupId),
        groupRunsAt(sql`${groupFacilitators.groupId}`, now),
      ),
    );
  const [groupCount] = await tx.select({ n: count() }).from(led.as("led"));
  const participants = await tx
    .select({ userId: enrolments.userId, urgent: sql<boolean>`bool_or(coalesce(${enrolmentDetails.urgent}, false))` })
    .from(enrolments)
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .where(
      and(
        eq(enrolments.organizationId, organizationId),
        eq(enrolments.status, "enrolled"),
        sql`(${enrolments.groupId} in (${led}) or ${enrolments.groupId} = ${groupId})`,
      ),
    )
    .groupBy(enrolments.userId);
  return { groups: Number(groupCount?.n ?? 0) + 1, participants: weightedParticipantLoad(participants, urgentWeight) };
}

/**
 * Written outside the caller's transaction on purpose: the refused assignment rolls back, but the
 * facilitator's page should still show what they lack for the group they were proposed for.
 * A new group has no id yet (its insert rolls back), so only its name and kind are kept.
 */
async function recordProposals(
  organizationId: string,
  input: { actor: CurrentUser; group: { id: string; name: string; kind: string }; previousFacilitatorIds: string[] },
  blocked: { userId: string }[],
) {
  if (!blocked.length) return;
  const [exists] = await db.select({ id: groups.id }).from(groups).where(and(eq(groups.id, input.group.id), eq(groups.organizationId, organizationId)));
  await db.insert(competencyProposals).values(
    blocked.map((b) => ({
      organizationId,
      facilitatorId: b.userId,
      groupId: exists ? input.group.id : null,
      groupName: input.group.name,
      groupKind: input.group.kind,
      proposedBy: input.actor.id,
    })),
  );
}
