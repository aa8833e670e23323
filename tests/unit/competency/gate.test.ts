import { describe, expect, it } from "vitest";
import { PEER_TRAINING_TOPIC_CODES, STARTER_FRAMEWORK } from "~/modules/competency/framework";
import { caseloadProblems, describeMissing, missingRequirements, requiredItems, type HeldRecord, type RequirementItem } from "~/modules/competency/gate";

const items: RequirementItem[] = STARTER_FRAMEWORK.map((i) => ({ ...i, id: `id-${i.code}` }));
const TODAY = "2026-06-15";
const allVerified = (except: string[] = [], expiresOn = "2027-06-15"): HeldRecord[] =>
  items.filter((i) => !except.includes(i.code)).map((i) => ({ itemId: i.id, status: "verified", expiresOn }));
const codes = (list: { code: string }[]) => list.map((m) => m.code).sort();

describe("which items each group kind requires", () => {
  it("every kind needs the four PA-CSE 2.04 competencies and the 2.03 trainings", () => {
    for (const kind of ["class", "workshop", "drop_in", "peer_recovery_group"]) {
      const req = codes(requiredItems(items, { groupKind: kind, role: null }));
      expect(req).toEqual(expect.arrayContaining(["2.04-engage", "2.04-dynamics", "2.04-discussion", "2.04-activities", "2.03-referral", "2.03-trauma", "2.03-suicide"]));
    }
  });

  it("only peer recovery groups need peer certification, story readiness and role clarity (2.06) and the five peer training topics (2.07)", () => {
    const peerOnly = ["2.06-peer-cert", "2.06-recovery-story", "2.06-role-clarity", ...PEER_TRAINING_TOPIC_CODES];
    expect(PEER_TRAINING_TOPIC_CODES).toHaveLength(5);
    expect(codes(requiredItems(items, { groupKind: "peer_recovery_group", role: null }))).toEqual(expect.arrayContaining(peerOnly));
    expect(codes(items)).not.toContain("2.07-peer-training");
    for (const kind of ["class", "workshop", "drop_in"]) {
      for (const code of peerOnly) expect(codes(requiredItems(items, { groupKind: kind, role: null }))).not.toContain(code);
    }
  });

  it("role requirements apply whatever the group, and archived items never do", () => {
    const extra: RequirementItem = { id: "x", code: "first-aid", name: "First aid", standard: "", requiredForGroupKinds: [], requiredForRoles: ["facilitator"] };
    const archived: RequirementItem = { ...extra, id: "y", code: "old", archivedAt: "2026-01-01" };
    expect(codes(requiredItems([extra, archived], { groupKind: "class", role: "facilitator" }))).toEqual(["first-aid"]);
    expect(codes(requiredItems([extra, archived], { groupKind: "class", role: "manager" }))).toEqual([]);
  });
});

describe("the gate per group kind", () => {
  it("passes someone fully current for every kind", () => {
    for (const kind of ["class", "workshop", "drop_in", "peer_recovery_group"]) {
      expect(missingRequirements({ items, records: allVerified(), groupKind: kind, role: "facilitator", today: TODAY })).toEqual([]);
    }
  });

  it("blocks every kind when a 2.04 competency is missing", () => {
    for (const kind of ["class", "workshop", "drop_in", "peer_recovery_group"]) {
      const missing = missingRequirements({ items, records: allVerified(["2.04-dynamics"]), groupKind: kind, role: "facilitator", today: TODAY });
      expect(missing).toEqual([expect.objectContaining({ code: "2.04-dynamics", problem: "missing", status: "not_started" })]);
    }
  });

  it("blocks only peer recovery groups when peer certification is missing", () => {
    const records = allVerified(["2.06-peer-cert"]);
    expect(missingRequirements({ items, records, groupKind: "peer_recovery_group", role: "facilitator", today: TODAY }).map((m) => m.code)).toEqual(["2.06-peer-cert"]);
    expect(missingRequirements({ items, records, groupKind: "workshop", role: "facilitator", today: TODAY })).toEqual([]);
  });

  it("counts demonstrated-but-unverified and expired records as not held", () => {
    const records = allVerified(["2.04-engage", "2.03-suicide"]).concat([
      { itemId: "id-2.04-engage", status: "demonstrated", expiresOn: "2028-01-01" },
      { itemId: "id-2.03-suicide", status: "verified", expiresOn: TODAY },
    ]);
    const missing = missingRequirements({ items, records, groupKind: "class", role: "facilitator", today: TODAY });
    expect(missing.map((m) => [m.code, m.problem])).toEqual([
      ["2.04-engage", "not_verified"],
      ["2.03-suicide", "expired"],
    ]);
    expect(describeMissing(missing)).toBe("Engaging and motivating members (PA-CSE 2.04): not verified yet; Suicide risk recognition and response (PA-CSE 2.03): expired");
  });

  it("the same record is current the day before it expires", () => {
    const records = allVerified([], "2026-06-16");
    expect(missingRequirements({ items, records, groupKind: "class", role: "facilitator", today: "2026-06-15" })).toEqual([]);
    expect(missingRequirements({ items, records, groupKind: "class", role: "facilitator", today: "2026-06-16" }).length).toBe(7);
  });
});

describe("caseload limits (PA-CSE 2.08)", () => {
  it("allows up to the limit and flags past it", () => {
    expect(caseloadProblems({ maxGroups: 3, maxParticipants: 30 }, { groups: 3, participants: 30 })).toEqual([]);
    expect(caseloadProblems({ maxGroups: 3, maxParticipants: 30 }, { groups: 4, participants: 31 })).toEqual([
      { limit: "groups", max: 3, wouldHave: 4 },
      { limit: "participants", max: 30, wouldHave: 31 },
    ]);
  });

  it("no limit means no problem", () => {
    expect(caseloadProblems({ maxGroups: null, maxParticipants: null }, { groups: 99, participants: 999 })).toEqual([]);
  });
});
