import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { enrolmentOutcomes } from "~/db/tables/completion";
import { translateMessage } from "~/i18n/catalog";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import { intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): an enrolment is one row per person and group. Registering again after
 * the enrolment ended with a recorded outcome (completed, discharged, transferred) put that same
 * row back to "enrolled": the old outcome stayed current on it (the discharge summary, certificate
 * and letters of the old stay now stood on an enrolment that was running again, and the new stay
 * counted the old stay's attendance from the old start), and recording the new stay's end failed
 * with a 500 (a second current outcome for the enrolment). Such a registration is refused with a
 * clear message and changes nothing; staff undo an outcome recorded by mistake.
 */
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });
const REFUSAL =
  "This registration ended with a recorded outcome, which stays on record. Please contact the organisation to take this group again: staff undo the outcome if it was recorded by mistake.";

describe("a person whose enrolment ended with a recorded outcome registers for the group again", () => {
  let s: Scenario;
  let enrolmentId: string;
  const post = (form: Record<string, string>) => callRoute(groupCompletion, { path: `/groups/${s.group.id}/completion`, params: { groupId: s.group.id }, cookie: s.facilitator.cookie, form });
  const rowOf = async (userId: string) => (await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, userId))))[0];
  beforeAll(async () => {
    s = await createOrgScenario();
    enrolmentId = (await rowOf(s.participant.id)).id;
    expect((await post({ intent: "outcome", enrolmentId, outcome: "completed", endedOn: today(), participantComment: "" })).status).toBe(302);
    const other = (await rowOf(s.otherParticipant.id)).id;
    expect((await post({ intent: "outcome", enrolmentId: other, outcome: "discharged", reason: "referred_elsewhere", endedOn: today(), participantComment: "" })).status).toBe(302);
  });

  it("is refused with a clear message (themself or on their behalf), and the finished record is unchanged", async () => {
    const before = await rowOf(s.participant.id);
    await expect(registerForGroup(s.participant, s.group.id, intake(), { baseUrl: appUrl() })).rejects.toThrow(REFUSAL);
    await expect(registerForGroup(s.manager, s.group.id, { ...intake(), participantId: s.otherParticipant.id }, { baseUrl: appUrl() })).rejects.toThrow(REFUSAL);
    expect(await rowOf(s.participant.id)).toEqual(before);
    expect((await rowOf(s.otherParticipant.id)).status).toBe("discharged");
    const current = await db.select().from(enrolmentOutcomes).where(and(eq(enrolmentOutcomes.enrolmentId, enrolmentId), isNull(enrolmentOutcomes.undoneAt)));
    expect(current.map((o) => o.outcome)).toEqual(["completed"]);
    expect(translateMessage(REFUSAL, "es-ES")).toMatch(/^Esta inscripción terminó con un resultado registrado/);
    // The refusal beside it (a registration staff removed) reads in Spanish too.
    expect(translateMessage("Staff removed this registration earlier. Please contact the organisation to rejoin this group.", "es-ES")).toMatch(/^El personal retiró esta inscripción/);
  });

  it("after an outcome recorded by mistake is undone, the person is enrolled and the stay's end can be recorded again", async () => {
    const [outcome] = await db.select({ id: enrolmentOutcomes.id }).from(enrolmentOutcomes).where(and(eq(enrolmentOutcomes.enrolmentId, enrolmentId), isNull(enrolmentOutcomes.undoneAt)));
    expect((await post({ intent: "undo-outcome", outcomeId: outcome.id })).status).toBeLessThan(400);
    expect((await rowOf(s.participant.id)).status).toBe("enrolled");
    expect((await post({ intent: "outcome", enrolmentId, outcome: "discharged", reason: "referred_elsewhere", endedOn: today(), participantComment: "" })).status).toBe(302);
  });
});
