import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { countIntakeAlerts } from "~/modules/registration/queries.server";
import * as root from "~/root";
import * as register from "~/routes/groups.$groupId.register";
import * as intakeQueue from "~/routes/intake._index";
import { createEmptyGroup, intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Issue 13, "Access only through a real relationship", in the intake queue: a facilitator sees the
 * need areas and urgency of people enrolled now in a group they lead — not of people waitlisted,
 * interested or offered for it. Managers see the organisation's whole queue.
 */
let s: Scenario;
let applicant: Person;
let fullGroupId: string;

type Queue = Awaited<ReturnType<typeof intakeQueue.loader>>;
const queueOf = async (person: Person) => {
  const out = await callRoute(intakeQueue, { path: "/intake?show=all", cookie: person.cookie });
  expect(out.status).toBe(200);
  return (out.data as Queue).rows;
};
/**
 * The navigation's badge as a page gets it (the root loader; read with the session since issue 20),
 * which must agree with the count made on its own.
 */
const badgeOf = async (person: Person) => {
  const nav = ((await callRoute(root, { path: "/home", cookie: person.cookie })).data as Awaited<ReturnType<typeof root.loader>>).user?.intakeAlerts;
  expect(nav).toBe(await countIntakeAlerts(person));
  return nav;
};
const setStatus = (status: "enrolled" | "waitlisted" | "interested" | "offered" | "withdrawn") =>
  db.update(enrolments).set({ status }).where(and(eq(enrolments.groupId, fullGroupId), eq(enrolments.userId, applicant.id)));

beforeAll(async () => {
  s = await createOrgScenario();
  applicant = await createPerson(s.org, "participant", { name: "Quinn Queue" });
  const full = await createEmptyGroup(s, 0, "Full circle");
  fullGroupId = full.id;
  await db.insert(groupFacilitators).values({ groupId: full.id, userId: s.facilitator.id, organizationId: s.org.id });
  // The applicant registers themself with an urgent housing need: no seat, so they wait.
  const out = await callRoute(register, {
    path: `/groups/${full.id}/register`,
    params: { groupId: full.id },
    cookie: applicant.cookie,
    form: intakeForm({ "needAreas[]": ["housing", "substance_use"], urgent: "yes", urgentNote: "Eviction on Friday" }),
  });
  expect(out.status).toBe(302);
  const [row] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, full.id), eq(enrolments.userId, applicant.id)));
  expect(row.status).toBe("waitlisted");
});

describe("the intake queue and the relationship rule", () => {
  it("a facilitator does not see the need areas or urgency of someone waiting for their group, and the listing names nobody it did not show", async () => {
    for (const status of ["waitlisted", "interested", "offered"] as const) {
      await setStatus(status);
      const rows = await queueOf(s.facilitator);
      expect(rows.find((r) => r.userId === applicant.id), status).toBeUndefined();
      expect(JSON.stringify(rows), status).not.toContain("Quinn Queue");
    }
    const listed = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "intake.list"), eq(auditEvents.actorUserId, s.facilitator.id), eq(auditEvents.subjectUserId, applicant.id)));
    expect(listed).toEqual([]);
  });

  it("nor counts their urgent intake in the facilitator's badge; the manager's badge and queue have it", async () => {
    await setStatus("waitlisted");
    expect(await badgeOf(s.facilitator)).toBe(0);
    expect(await badgeOf(s.manager)).toBe(1);
    expect(await badgeOf(applicant)).toBe(0);
    const row = (await queueOf(s.manager)).find((r) => r.userId === applicant.id);
    expect(row).toMatchObject({ urgent: true, status: "waitlisted" });
    expect(row!.needAreas.sort()).toEqual(["housing", "substance_use"]);
  });

  it("once the person is enrolled in the group the facilitator leads, their intake is in the facilitator's queue, and leaves it when that ends", async () => {
    await setStatus("enrolled");
    expect((await queueOf(s.facilitator)).find((r) => r.userId === applicant.id)).toMatchObject({ urgent: true, groupName: "Full circle" });
    expect(await badgeOf(s.facilitator)).toBe(1);
    expect(await badgeOf(s.otherFacilitator)).toBe(0);
    await setStatus("withdrawn");
    expect(await badgeOf(s.facilitator)).toBe(0);
    expect((await queueOf(s.facilitator)).find((r) => r.userId === applicant.id)).toBeUndefined();
    // A facilitator of other groups never sees it.
    await setStatus("enrolled");
    expect((await queueOf(s.otherFacilitator)).find((r) => r.userId === applicant.id)).toBeUndefined();
  });
});
