import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { setPart2Program } from "~/modules/completion/mutations.server";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import * as summaryRoute from "~/routes/enrolments.$enrolmentId.summary";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): the discharge summary is a printable document about a person's
 * participation, and carries the 42 CFR 2.32 notice for a substance-use program. It decided by the
 * group's kind alone ("peer recovery group"), so a program the organisation marked as a Part 2
 * program (/programs/:id/completion) but runs as workshops printed its discharge summaries without
 * the notice — the same gap HD3 closed for the exports, letters and sign-in sheet.
 */
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });
type Summary = { summary: { substanceUse: boolean } };

async function dischargedSummary(s: Scenario, reader: Person) {
  const [e] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  const ended = await callRoute(groupCompletion, {
    path: `/groups/${s.group.id}/completion`,
    params: { groupId: s.group.id },
    cookie: s.facilitator.cookie,
    form: { intent: "outcome", enrolmentId: e.id, outcome: "discharged", reason: "referred_elsewhere", endedOn: today(), participantComment: "" },
  });
  expect(ended.status).toBe(302);
  const read = await callRoute(summaryRoute, { path: `/enrolments/${e.id}/summary`, params: { enrolmentId: e.id }, cookie: reader.cookie });
  expect(read.status).toBe(200);
  return (read.data as Summary).summary;
}

describe("the discharge summary of a program marked Part 2", () => {
  let part2: Scenario;
  let plain: Scenario;
  beforeAll(async () => {
    [part2, plain] = await Promise.all([createOrgScenario(), createOrgScenario()]);
    for (const s of [part2, plain]) await db.update(groups).set({ kind: "workshop" }).where(eq(groups.id, s.group.id));
    await setPart2Program(part2.manager, part2.program.id, true);
  });

  it("carries the 42 CFR 2.32 notice although its group is a workshop", async () => {
    expect((await dischargedSummary(part2, part2.manager)).substanceUse).toBe(true);
  });

  it("a workshop of a program not marked Part 2 still has no notice", async () => {
    expect((await dischargedSummary(plain, plain.manager)).substanceUse).toBe(false);
  });
});
