/** "You said, we did": publishing a change and what it came from. */
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { concerns, proposals, voiceChanges } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { type CurrentUser } from "~/modules/auth/policy";
import { forbidden, UserInputError } from "~/modules/errors";
import { canHandleConcern, canPublishChanges } from "../policy";
import { concernSubjects } from "~/modules/voice/concerns/queries.server";
import { resolveTarget } from "../rules/mutations.server";

// ───────────────────────── "you said, we did" ─────────────────────────

export async function publishChange(
  user: CurrentUser,
  input: { audience: string; youSaid: string; weDid: string; proposalId: string | null; concernId: string | null; feedbackGroupId: string | null },
  now: Date,
) {
  if (!canPublishChanges(user)) forbidden();
  return db.transaction(async (tx) => {
    let groupId: string | null = null;
    let programId: string | null = null;
    if (input.audience !== "org") {
      const [scope, id] = input.audience.split(":");
      const t = await resolveTarget(tx, user, { scope: scope as "group" | "program", id: id.toLowerCase() }).catch(() => {
        throw new UserInputError("Choose who this is for from the list.", "audience");
      });
      groupId = t.groupId;
      programId = t.programId;
    }
    if (input.proposalId) {
      const [p] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.id, input.proposalId), eq(proposals.organizationId, user.organizationId)));
      if (!p) throw new UserInputError("Choose a proposal from the list.", "proposalId");
    }
    if (input.concernId) {
      const [c] = await tx.select().from(concerns).where(and(eq(concerns.id, input.concernId), eq(concerns.organizationId, user.organizationId)));
      if (!c || !canHandleConcern(user, { ...c, subjectIds: await concernSubjects(tx, c.id) })) {
        throw new UserInputError("Choose a concern from the list.", "concernId");
      }
    }
    if (input.feedbackGroupId) {
      const [g] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.id, input.feedbackGroupId), eq(groups.organizationId, user.organizationId)));
      if (!g) throw new UserInputError("Choose a group from the list.", "feedbackGroupId");
    }
    const [row] = await tx
      .insert(voiceChanges)
      .values({
        organizationId: user.organizationId,
        groupId,
        programId,
        youSaid: input.youSaid,
        weDid: input.weDid,
        proposalId: input.proposalId,
        concernId: input.concernId,
        feedbackGroupId: input.feedbackGroupId,
        publishedBy: user.id,
        publishedAt: now,
      })
      .returning({ id: voiceChanges.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "voice.change.publish",
      subjectType: "voice_change",
      subjectId: row.id,
      after: input,
    });
    return row;
  });
}
