import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRows, type MetricsFilters } from "~/modules/metrics/queries.server";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * A drill-down names people: it says who (by id, not as a column), so the read can be recorded in
 * each named person's disclosure history.
 */
let s: Scenario;
let filters: MetricsFilters;

beforeAll(async () => {
  s = await createOrgScenario();
  await createHeldSession(s); // both enrolled participants marked present
  const today = DateTime.now().setZone("America/New_York");
  filters = {
    programId: null,
    groupId: null,
    facilitatorId: null,
    period: { from: today.minus({ days: 7 }).toISODate()!, to: today.plus({ days: 1 }).toISODate()!, label: "test", key: "custom" },
    by: "week",
  };
});

describe("drill-down rows and the people they name", () => {
  it("lists the participants named by attendance rows, without adding a column", async () => {
    const table = await loadRows(s.manager, filters, "unique_participants");
    expect(table.columns).toEqual(["Participant", "Sessions attended", "Hours"]);
    expect(table.rows.every((r) => r.length === 3)).toBe(true);
    expect(table.people.sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
    const marks = await loadRows(s.manager, filters, "attendance_rate");
    expect(marks.rows.every((r) => r.length === marks.columns.length)).toBe(true);
    expect(marks.people.sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
  });

  it("names nobody for figures about sessions", async () => {
    const table = await loadRows(s.manager, filters, "sessions_held");
    expect(table.rows.length).toBeGreaterThan(0);
    expect(table.people).toEqual([]);
  });
});
