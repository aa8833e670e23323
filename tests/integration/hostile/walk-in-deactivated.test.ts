import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { addWalkIn, NamesakeError } from "~/modules/attendance/walk-ins/mutations.server";
import { createSessionAt, setAttendanceSettings } from "../../factories/attendance";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

// The roster's walk-in search leaves out people whose membership was deactivated, but the action
// took any participant id (a page opened before the deactivation, a crafted form) and any address
// of a participant: a deactivated person was marked present as a walk-in, with a record in a group
// of an organisation whose access they no longer have. Now they are refused with a clear message
// (a manager reactivates them first) and nothing is written; a namesake still lists them, so the
// facilitator does not create a second record for the same person.

let s: Scenario;
let sessionId: string;
let leaver: Person;
beforeAll(async () => {
  s = await createOrgScenario();
  await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
  sessionId = (await createSessionAt(s.group.id, s.org.id, new Date(Date.now() - 5 * 60_000))).id;
  leaver = await createPerson(s.org, "participant", { name: "Rowan Gone" });
  const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, leaver.id), eq(memberships.organizationId, s.org.id)));
  await setMembershipActive(s.manager, { membershipId: m.id, active: false }, new Date(), "http://test.local");
});

const marksOf = (userId: string) => db.select().from(attendanceRecords).where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, userId)));
const ENDED = "Rowan Gone's membership of this organisation has ended. A manager can reactivate them on People and roles; then add them here.";

describe("a walk-in whose membership was deactivated", () => {
  it("chosen by id is refused with a clear message and nothing is written", async () => {
    await expect(addWalkIn(s.facilitator, sessionId, { userId: leaver.id })).rejects.toThrow(ENDED);
    expect(await marksOf(leaver.id)).toHaveLength(0);
  });

  it("entered as a new person with their address is refused the same way; no second record", async () => {
    await expect(addWalkIn(s.facilitator, sessionId, { name: "Rowan G.", email: leaver.email })).rejects.toThrow(ENDED);
    expect(await marksOf(leaver.id)).toHaveLength(0);
    expect(await db.select({ id: users.id }).from(users).where(eq(users.name, "Rowan G."))).toHaveLength(0);
  });

  it("entered as a new person with their name still lists them as a namesake (then refused if chosen)", async () => {
    const error = await addWalkIn(s.facilitator, sessionId, { name: "Rowan Gone", email: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NamesakeError);
    expect((error as NamesakeError).namesakes.map((n) => n.userId)).toEqual([leaver.id]);
  });
});
