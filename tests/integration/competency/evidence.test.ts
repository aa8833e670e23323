import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { competencyCaseloadLimits, competencySettings, competencySupervisionEntries } from "~/db/tables/competency";
import { enrolmentDetails } from "~/db/tables/registration";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import type { StandardEvidence } from "~/modules/metrics/standards";
import { installFramework, makeCurrent } from "../../factories/competency";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** /evidence for 2.06, 2.07 and 2.08 counts the supervision log, the 2.07 topics, and weighted, per-role limits. */
let s: Scenario;
let byCode: Record<string, StandardEvidence>;
const fact = (code: string, label: string) => byCode[code].facts.find((f) => f.label === label)?.value;
const gap = (code: string, pattern: RegExp) => byCode[code].gaps.find((g) => pattern.test(g.label))?.items ?? [];

beforeAll(async () => {
  s = await createOrgScenario();
  await installFramework(s.org.id);
  // The peer group's facilitator holds everything except one 2.07 topic and has had one supervision and one mentoring session.
  await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, { except: ["2.07-triggers"] });
  const day = (offset: number) => DateTime.now().setZone("America/New_York").plus({ days: offset }).toISODate()!;
  await db.insert(competencySupervisionEntries).values([
    { organizationId: s.org.id, heldOn: day(-20), supervisorId: s.manager.id, peerWorkerId: s.facilitator.id, minutes: 60, topics: "Role clarity" },
    { organizationId: s.org.id, heldOn: day(-5), supervisorId: s.otherFacilitator.id, peerWorkerId: s.facilitator.id, minutes: 30, topics: "Sharing a story", mentoring: true },
    // Older than 12 months: not counted.
    { organizationId: s.org.id, heldOn: day(-400), supervisorId: s.manager.id, peerWorkerId: s.facilitator.id, minutes: 45, topics: "Old" },
  ]);
  // 2.08: facilitators may serve 2, an urgent intake counts 2, and one of the group's two participants is urgent (load 3).
  await db.update(competencySettings).set({ urgentParticipantWeight: 2 }).where(eq(competencySettings.organizationId, s.org.id));
  await db.insert(competencyCaseloadLimits).values({ organizationId: s.org.id, role: "facilitator", maxParticipants: 2 });
  const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  await db.insert(enrolmentDetails).values({ enrolmentId: enrolment.id, organizationId: s.org.id, groupId: s.group.id, urgent: true });
  const { standards } = await loadEvidence(s.manager, new Date());
  byCode = Object.fromEntries(standards.map((x) => [x.code, x]));
});

describe("evidence for peer workers and workloads", () => {
  it("2.06 counts the supervision log of the last 12 months and the new framework items", () => {
    expect(fact("2.06", "Supervision sessions in the last 12 months")).toBe(1);
    expect(fact("2.06", "Mentoring sessions in the last 12 months")).toBe(1);
    expect(fact("2.06", "Peer workers supervised or mentored")).toBe(1);
    expect(fact("2.06", "Minutes of supervision and mentoring")).toBe(90);
    expect(fact("2.06", "Framework items for 2.06")).toBe(3);
    expect(gap("2.06", /no supervision recorded/)).toEqual([]);
  });

  it("2.07 lists the five topics and names a facilitator missing one of them", () => {
    expect(fact("2.07", "Framework items for 2.07")).toBe(5);
    expect(gap("2.07", /every required 2\.07 item/)).toEqual([`${s.facilitator.name} — Managing triggers`]);
  });

  it("2.08 applies the role's limit to the load weighted by urgent intakes", () => {
    expect(fact("2.08", "Limits by role or qualification")).toBe(1);
    expect(fact("2.08", "An urgent intake counts as")).toBe("2 participants");
    expect(gap("2.08", /over a caseload limit/)).toEqual([`${s.facilitator.name}: 1 group, 2 participants (1 urgent; load 3)`]);
  });
});
