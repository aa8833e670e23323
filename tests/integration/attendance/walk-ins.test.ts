import { and, eq, ilike, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, memberships, users } from "~/db/schema";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { enrolments } from "~/db/schema";
import * as groupRoute from "~/routes/groups.$groupId._index";
import * as peopleRoute from "~/routes/admin.people";
import * as registerRoute from "~/routes/groups.$groupId.register";
import * as referralRoute from "~/routes/referrals.new";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { createGroup, createSessionAt, minutes, setAttendanceSettings } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** Walk-ins on the roster, through the roster route as a facilitator's plain form post would go. */
let s: Scenario;
let sessionId: string;
let otherSessionId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
  const dropIn = await createGroup(s, { kind: "drop_in", facilitatorId: s.facilitator.id, name: "Drop-in" });
  await setAttendanceSettings(s, dropIn.id, { allowWalkIns: true });
  const now = new Date();
  sessionId = (await createSessionAt(s.group.id, s.org.id, minutes(now, -5))).id;
  otherSessionId = (await createSessionAt(dropIn.id, s.org.id, minutes(now, -5))).id;
});

const post = (id: string, form: Record<string, string>) =>
  callRoute(rosterRoute, { path: `/sessions/${id}/roster`, params: { sessionId: id }, cookie: s.facilitator.cookie, form });
const peopleNamed = (name: string) =>
  db
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, s.org.id)))
    .where(ilike(users.name, name));
type Failure = { errors: Record<string, string[]>; namesakes?: { userId: string; name: string; emailHint: string; onRoster: boolean }[] };

describe("a walk-in with the same name as someone already known", () => {
  it("suggests the existing person instead of creating a second record; 'a different person' adds someone new", async () => {
    const first = await post(sessionId, { intent: "walkInNew", name: "Robin Vale", email: "" });
    expect(first.status).toBe(302);
    const [robin] = await peopleNamed("Robin Vale");

    // The same name again (other case and spacing), at another group's session: a suggestion, no new person.
    const again = await post(otherSessionId, { intent: "walkInNew", name: "  robin   VALE ", email: "" });
    expect(again.status).toBe(400);
    const failure = again.data as Failure;
    expect(failure.errors.name[0]).toMatch(/already has a record/);
    expect(failure.namesakes).toEqual([{ userId: robin.id, name: "Robin Vale", emailHint: "no email", onRoster: false }]);
    expect(await peopleNamed("Robin Vale")).toHaveLength(1);

    // On the session where Robin already is, the suggestion says so.
    const same = await post(sessionId, { intent: "walkInNew", name: "Robin Vale", email: "" });
    expect((same.data as Failure).namesakes).toEqual([expect.objectContaining({ userId: robin.id, onRoster: true })]);

    // Choosing the suggestion adds the existing person.
    expect((await post(otherSessionId, { intent: "walkIn", userId: robin.id })).status).toBe(302);
    expect(await peopleNamed("Robin Vale")).toHaveLength(1);

    // A different person with the same name, when the facilitator says so.
    const other = await post(otherSessionId, { intent: "walkInNew", name: "Robin Vale", email: "", differentPerson: "on" });
    expect(other.status).toBe(302);
    expect(await peopleNamed("Robin Vale")).toHaveLength(2);
  });

  it("refuses a typed placeholder address as the person's email", async () => {
    const typed = await post(sessionId, { intent: "walkInNew", name: "Pia Placeholder", email: "pia@walk-in.invalid" });
    expect(typed.status).toBe(400);
    expect((typed.data as Failure).errors.email[0]).toMatch(/own email/);
    expect(await peopleNamed("Pia Placeholder")).toHaveLength(0);
  });
});

describe("a walk-in's placeholder address", () => {
  it("is never sent to a page as an email: group page, roster, people, register someone, new referral", async () => {
    expect((await post(sessionId, { intent: "walkInNew", name: "Nell Noemail", email: "" })).status).toBe(302);
    const [nell] = await peopleNamed("Nell Noemail");
    expect(nell.email).toMatch(/@walk-in\.invalid$/); // stored only because every account needs a unique address
    await db.insert(enrolments).values({ groupId: s.group.id, userId: nell.id, organizationId: s.org.id }); // registered later by staff
    const pages = [
      await callRoute(groupRoute, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: s.manager.cookie }),
      await callRoute(rosterRoute, { path: `/sessions/${sessionId}/roster?q=nell`, params: { sessionId }, cookie: s.facilitator.cookie }),
      await callRoute(rosterRoute, { path: `/sessions/${otherSessionId}/roster?q=nell`, params: { sessionId: otherSessionId }, cookie: s.facilitator.cookie }),
      await callRoute(peopleRoute, { path: "/admin/people", cookie: s.admin.cookie }),
      await callRoute(registerRoute, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: s.manager.cookie }),
      await callRoute(referralRoute, { path: "/referrals/new", cookie: s.manager.cookie }),
    ];
    // Searching for the placeholder domain finds nobody (it is not anyone's email).
    const byDomain = await callRoute(rosterRoute, { path: `/sessions/${otherSessionId}/roster?q=walk-in.invalid`, params: { sessionId: otherSessionId }, cookie: s.facilitator.cookie });
    expect((byDomain.data as { candidates: unknown[] }).candidates).toEqual([]);
    for (const page of pages) {
      expect(page.status).toBe(200);
      const text = JSON.stringify(page.data);
      expect(text).toContain("Nell Noemail");
      expect(text).not.toContain("walk-in.invalid");
    }
  });

  it("is never emailed", async () => {
    const [nell] = await peopleNamed("Nell Noemail");
    const queued = await enqueueEmail(db, { to: nell.email, organizationId: s.org.id, subject: "Reminder", text: "t", html: "<p>t</p>" });
    expect(queued).toBe(false);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(ilike(emailOutbox.toAddress, "%@walk-in.invalid"));
    expect(n).toBe(0);
  });
});
