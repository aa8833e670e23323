import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { auditEvents, authSessions, emailOutbox, invitations, memberships } from "~/db/schema";
import { createAuthSession } from "~/modules/auth/session.server";
import * as peopleRoute from "~/routes/admin.people";
import * as homeRoute from "~/routes/home";
import * as loginRoute from "~/routes/login";
import * as switchRoute from "~/routes/organizations";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, PASSWORD, type Person, type Scenario } from "../../factories/scenario";

/** /admin/people: search, deactivate and reactivate, resend and revoke invitations, no duplicate open invitations. */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

type Member = { membershipId: string; userId: string; name: string; deactivatedAt: unknown; canChangeAccess: boolean };
type Invitation = { id: string; email: string; role: string };
const people = async (who: Person, q = "") => {
  const out = await callRoute(peopleRoute, { path: `/admin/people${q ? `?q=${encodeURIComponent(q)}` : ""}`, cookie: who.cookie });
  expect(out.status).toBe(200);
  return out.data as { members: Member[]; invitations: Invitation[] };
};
const act = (who: Person, form: Record<string, string>) => callRoute(peopleRoute, { path: "/admin/people", cookie: who.cookie, form });
const membershipOf = async (p: Person) => (await db.select().from(memberships).where(and(eq(memberships.userId, p.id), eq(memberships.organizationId, s.org.id))))[0];
const login = (email: string, password: string) => callRoute(loginRoute, { path: "/login", form: { email, password } });
const auditOf = (action: string, subjectId: string) =>
  db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

describe("finding people", () => {
  it("searches by name or email, case-insensitively", async () => {
    const found = await people(s.manager, s.participant.name.toUpperCase());
    expect(found.members.map((m) => m.userId)).toEqual([s.participant.id]);
    expect((await people(s.manager, s.facilitator.email.split("@")[0])).members.map((m) => m.userId)).toEqual([s.facilitator.id]);
    expect((await people(s.manager, "nobody-has-this-name")).members).toEqual([]);
    expect((await people(s.manager)).members.length).toBeGreaterThanOrEqual(6);
  });
});

describe("deactivating a person", () => {
  it("refuses sign-in (told only after the right password), ends their sessions, keeps their history; audited; reactivation restores access", async () => {
    const person = await createPerson(s.org, "participant", { name: "Dee Activated" });
    const session = await createSessionAt(s.group.id, s.org.id, new Date("2026-01-06T15:00:00Z"), { status: "held" });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: session.id, groupId: s.group.id, userId: person.id, status: "present", source: "roster" });
    expect((await callRoute(homeRoute, { path: "/home", cookie: person.cookie })).status).toBe(200);
    const m = await membershipOf(person);

    // A facilitator may not; a manager may (participants and facilitators).
    expect((await act(s.facilitator, { intent: "deactivate", membershipId: m.id })).status).toBe(403);
    expect((await act(s.manager, { intent: "deactivate", membershipId: m.id })).status).toBe(200);
    expect((await membershipOf(person)).deactivatedAt).not.toBeNull();

    // Sessions ended: the old cookie no longer works, and nothing is left in the table.
    expect((await callRoute(homeRoute, { path: "/home", cookie: person.cookie })).status).toBe(302);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(authSessions).where(eq(authSessions.userId, person.id));
    expect(n).toBe(0);

    // Sign-in: a wrong password says what it always says; the right one says the account is deactivated.
    const wrong = await login(person.email, "not-the-password-at-all");
    const unknown = await login("nobody-here@test.example", "not-the-password-at-all");
    expect(wrong.status).toBe(400);
    expect((wrong.data as { formError: string }).formError).toBe((unknown.data as { formError: string }).formError);
    const right = await login(person.email, PASSWORD);
    expect(right.status).toBe(400);
    expect((right.data as { formError: string }).formError).toMatch(/deactivated/);
    expect(right.headers?.get("set-cookie") ?? "").not.toMatch(/session/i);

    // History kept; the person is listed as deactivated; the change is audited.
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.userId, person.id))).toHaveLength(1);
    expect((await people(s.manager, "Dee Activated")).members[0].deactivatedAt).toBeTruthy();
    expect(await auditOf("membership.deactivate", person.id)).toHaveLength(1);
    // Inviting them again points to reactivation instead.
    const reinvite = await act(s.manager, { intent: "invite", email: person.email, role: "participant" });
    expect(reinvite.status).toBe(400);
    expect((reinvite.data as { errors: Record<string, string[]> }).errors.email[0]).toMatch(/reactivate/);

    // Reactivate: sign-in works again.
    expect((await act(s.manager, { intent: "reactivate", membershipId: m.id })).status).toBe(200);
    expect((await login(person.email, PASSWORD)).status).toBe(302);
    expect(await auditOf("membership.reactivate", person.id)).toHaveLength(1);
  });

  it("a manager cannot deactivate an administrator or another manager, and nobody themselves", async () => {
    expect((await act(s.manager, { intent: "deactivate", membershipId: (await membershipOf(s.admin)).id })).status).toBe(400);
    expect((await act(s.admin, { intent: "deactivate", membershipId: (await membershipOf(s.admin)).id })).status).toBe(400);
    expect((await membershipOf(s.admin)).deactivatedAt).toBeNull();
  });

  it("deactivation in one organisation leaves the person's other organisation alone", async () => {
    const other = await createOrgScenario();
    const both = await createPerson(s.org, "facilitator", { name: "Two Places" });
    await db.insert(memberships).values({ userId: both.id, organizationId: other.org.id, role: "facilitator" });
    const elsewhere = (await createAuthSession(both.id, other.org.id)).split(";")[0];
    expect((await act(s.admin, { intent: "deactivate", membershipId: (await membershipOf(both)).id })).status).toBe(200);
    expect((await callRoute(homeRoute, { path: "/home", cookie: elsewhere })).status).toBe(200);
    // Signing in lands in the organisation still active; switching back is refused.
    expect((await login(both.email, PASSWORD)).status).toBe(302);
    expect((await callRoute(switchRoute, { path: "/organizations", cookie: elsewhere, form: { organizationId: s.org.id } })).status).toBe(404);
  });
});

describe("invitations", () => {
  it("inviting an address twice refreshes and resends the open invitation instead of creating a second", async () => {
    const email = "twice@test.example";
    expect((await act(s.manager, { intent: "invite", email, role: "facilitator" })).status).toBe(200);
    const [first] = await db.select().from(invitations).where(eq(invitations.email, email));
    const again = await act(s.manager, { intent: "invite", email: "Twice@Test.example", role: "participant" });
    expect(again.status).toBe(200);
    expect((again.data as { message: string }).message).toMatch(/sent again/);
    const rows = await db.select().from(invitations).where(eq(invitations.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, role: "participant" });
    expect(rows[0].tokenHash).not.toBe(first.tokenHash);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(n).toBe(2);
    expect((await people(s.manager)).invitations.filter((i) => i.email === email)).toHaveLength(1);
  });

  it("resend gives a new link (the old one stops working); revoke closes it; both audited and limited to the inviter's roles", async () => {
    const email = "resend@test.example";
    await act(s.admin, { intent: "invite", email, role: "manager" });
    const inv = (await people(s.admin)).invitations.find((i) => i.email === email)!;
    // A manager cannot touch an invitation for a manager.
    expect((await act(s.manager, { intent: "revoke", invitationId: inv.id })).status).toBe(400);
    const before = (await db.select().from(invitations).where(eq(invitations.id, inv.id)))[0].tokenHash;
    expect((await act(s.admin, { intent: "resend", invitationId: inv.id })).status).toBe(200);
    const after = (await db.select().from(invitations).where(eq(invitations.id, inv.id)))[0].tokenHash;
    expect(after).not.toBe(before);
    expect(await auditOf("invitation.resend", inv.id)).toHaveLength(1);

    expect((await act(s.admin, { intent: "revoke", invitationId: inv.id })).status).toBe(200);
    expect((await people(s.admin)).invitations.find((i) => i.id === inv.id)).toBeUndefined();
    expect(await auditOf("invitation.revoke", inv.id)).toHaveLength(1);
    expect((await act(s.admin, { intent: "resend", invitationId: inv.id })).status).toBe(400);
    // Another organisation's invitation is not reachable.
    const other = await createOrgScenario();
    await callRoute(peopleRoute, { path: "/admin/people", cookie: other.admin.cookie, form: { intent: "invite", email: "theirs@test.example", role: "facilitator" } });
    const [theirs] = await db.select().from(invitations).where(eq(invitations.email, "theirs@test.example"));
    expect((await act(s.admin, { intent: "revoke", invitationId: theirs.id })).status).toBe(400);
    expect((await db.select().from(invitations).where(eq(invitations.id, theirs.id)))[0].revokedAt).toBeNull();
  });
});
