import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, memberships } from "~/db/schema";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { publishRound } from "~/modules/scheduling/mutations.server";
import { createEmptyGroup } from "../../factories/registration";
import { addParticipant, createRoundAs, ROUND_FORM, setAvailability, w } from "../../factories/scheduling";
import { createOrgScenario, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// Publishing a round seats (or waitlists) the invitees still "interested" in the group and still
// members of the organisation. Deactivation gives up open places but not an "interested" entry, so
// nothing but publication itself stands between a deactivation committed while the publication is
// running and a seat for the deactivated person. Before, publication read the memberships without
// a lock: a deactivation committed in that moment left the person enrolled (until the worker job
// gave the seat up). Now publication takes the invitees' memberships FOR SHARE before the group's
// lock, as registering does: the deactivation either waits and then gives up the new place, or
// goes first and the person is left out.

const BASE = "http://test.local";
const OPEN = ["enrolled", "offered", "waitlisted"] as const;
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

describe("a deactivation at the same moment as a round's publication", () => {
  it("never leaves the deactivated invitee a place (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const group = await createEmptyGroup(s, 10, `Round race ${round}`);
      const people: Person[] = [];
      for (const name of ["Hal", "Ivy", "Jo", "Kit"]) {
        const p = await addParticipant(s, { name, timezone: "America/New_York", groupId: group.id, status: "interested" });
        await setAvailability(p, [w("thu", "17:00", "21:00")]);
        people.push(p);
      }
      const roundId = await createRoundAs(s.manager, group.id, { ...ROUND_FORM, sections: "1" });
      const leaver = people[round % 4];
      const [membership] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, leaver.id), eq(memberships.organizationId, s.org.id)));
      const now = new Date();
      const [published, deactivated] = await Promise.allSettled([
        publishRound(s.manager, roundId, { baseUrl: BASE, now }),
        setMembershipActive(s.manager, { membershipId: membership.id, active: false }, now, BASE),
      ]);
      expect(published.status, String((published as PromiseRejectedResult).reason ?? "")).toBe("fulfilled");
      expect(deactivated.status, String((deactivated as PromiseRejectedResult).reason ?? "")).toBe("fulfilled");
      const open = await db
        .select({ status: enrolments.status })
        .from(enrolments)
        .where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, leaver.id), inArray(enrolments.status, [...OPEN])));
      expect(open, `round ${round}: a place held by the deactivated invitee`).toEqual([]);
      const seated = await db
        .select({ userId: enrolments.userId })
        .from(enrolments)
        .where(and(eq(enrolments.groupId, group.id), eq(enrolments.status, "enrolled")));
      expect(seated.map((r) => r.userId).sort()).toEqual(people.filter((p) => p !== leaver).map((p) => p.id).sort());
    }
  }, 180_000);
});
