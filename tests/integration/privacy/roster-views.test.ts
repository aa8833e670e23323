import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import * as attendanceCsv from "~/routes/groups.$groupId.attendance[.]csv";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as waitlistPage from "~/routes/groups.$groupId.waitlist";
import * as myPrivacy from "~/routes/my.privacy";
import * as paperSheet from "~/routes/sessions.$sessionId.paper";
import * as sessionRoster from "~/routes/sessions.$sessionId.roster";
import * as signInSheet from "~/routes/sessions.$sessionId.sheet";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * Issue 13: every roster a staff member opens is recorded against each person on it, so it shows
 * in that person's "Who has seen my records" — at most once per viewer, person, group and day,
 * however often the page revalidates.
 */
let s: Scenario;
let sessionId: string;
let waiting: Person;

type Privacy = Awaited<ReturnType<typeof myPrivacy.loader>>;
const privacyOf = async (person: Person) => (await callRoute(myPrivacy, { path: "/my/privacy", cookie: person.cookie })).data as Privacy;

const ROUTES = {
  group: (cookie: string) => callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie }),
  sessionRoster: (cookie: string) => callRoute(sessionRoster, { path: `/sessions/${sessionId}/roster`, params: { sessionId }, cookie }),
  signInSheet: (cookie: string) => callRoute(signInSheet, { path: `/sessions/${sessionId}/sheet`, params: { sessionId }, cookie }),
  paperSheet: (cookie: string) => callRoute(paperSheet, { path: `/sessions/${sessionId}/paper`, params: { sessionId }, cookie }),
  waitlist: (cookie: string) => callRoute(waitlistPage, { path: `/groups/${s.group.id}/waitlist`, params: { groupId: s.group.id }, cookie }),
};

/** roster.viewed events of this group by `actor` about `person`. */
async function rosterViews(actor: Person, person: Person) {
  return db
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organizationId, s.org.id),
        eq(auditEvents.action, "roster.viewed"),
        eq(auditEvents.subjectId, s.group.id),
        eq(auditEvents.actorUserId, actor.id),
        eq(auditEvents.subjectUserId, person.id),
      ),
    );
}

beforeAll(async () => {
  s = await createOrgScenario();
  const session = await createSessionAt(s.group.id, s.org.id, new Date(Date.now() + 2 * 3_600_000));
  sessionId = session.id;
  waiting = await createPerson(s.org, "participant", { name: "Wren Waiting" });
  await db.insert(enrolments).values({ groupId: s.group.id, userId: waiting.id, organizationId: s.org.id, status: "waitlisted" });
});

describe("roster views in the disclosure history", () => {
  it.each(Object.keys(ROUTES) as (keyof typeof ROUTES)[])("the %s page records a roster view for each enrolled person shown", async (name) => {
    const viewer = await createPerson(s.org, "manager");
    const out = await ROUTES[name](viewer.cookie);
    expect(out.status).toBe(200);
    for (const person of [s.participant, s.otherParticipant]) expect(await rosterViews(viewer, person), person.name).toHaveLength(1);
    // Only the seats and waitlist page shows people who are waiting.
    expect(await rosterViews(viewer, waiting)).toHaveLength(name === "waitlist" ? 1 : 0);
  });

  it("the participant sees the facilitator's roster view in 'Who has seen my records'", async () => {
    expect((await ROUTES.group(s.facilitator.cookie)).status).toBe(200);
    const data = await privacyOf(s.participant);
    const entry = data.entries.find((e) => e.what === "A group's roster with your name" && e.who === s.facilitator.name);
    expect(entry).toMatchObject({ kind: "viewed", role: "Facilitator", organization: s.org.name, purpose: "Running your group (operations)" });
  });

  it("records at most one view per viewer, person, group and day, however often and however many rosters are loaded", async () => {
    for (let i = 0; i < 3; i++) {
      for (const load of Object.values(ROUTES)) expect((await load(s.facilitator.cookie)).status).toBe(200);
    }
    expect(await rosterViews(s.facilitator, s.participant)).toHaveLength(1);
    expect(await rosterViews(s.facilitator, waiting)).toHaveLength(1);
    // Parallel revalidations of a viewer's first load of the day add each person once.
    const admin = s.admin;
    const outs = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? ROUTES.sessionRoster : ROUTES.group)(admin.cookie)));
    expect(outs.map((o) => o.status)).toEqual(Array(6).fill(200));
    expect(await rosterViews(admin, s.participant)).toHaveLength(1);
    expect(await rosterViews(admin, s.otherParticipant)).toHaveLength(1);
    // Each viewer is recorded on their own.
    expect(await rosterViews(s.facilitator, s.otherParticipant)).toHaveLength(1);
  });

  it("a view recorded on an earlier day does not stand for today's", async () => {
    const viewer = await createPerson(s.org, "manager");
    await db.insert(auditEvents).values({
      organizationId: s.org.id,
      actorUserId: viewer.id,
      action: "roster.viewed",
      subjectType: "group",
      subjectId: s.group.id,
      subjectUserId: s.participant.id,
      at: sql`now() - interval '2 days'`,
    } as never);
    await ROUTES.group(viewer.cookie);
    await ROUTES.group(viewer.cookie);
    expect(await rosterViews(viewer, s.participant)).toHaveLength(2);
    expect(await rosterViews(viewer, s.otherParticipant)).toHaveLength(1);
  });

  it("a member opening the group page, where no roster is shown, records nothing", async () => {
    const out = await ROUTES.group(s.participant.cookie);
    expect(out.status).toBe(200);
    expect((out.data as { roster: unknown }).roster).toBeNull();
    expect(await rosterViews(s.participant, s.otherParticipant)).toHaveLength(0);
  });
});

describe("the attendance CSV in the disclosure history", () => {
  it("lists the download for each person it names", async () => {
    await createHeldSession(s);
    const out = await callRoute(attendanceCsv, { path: `/groups/${s.group.id}/attendance.csv`, params: { groupId: s.group.id }, cookie: s.facilitator.cookie });
    expect(out.status).toBe(200);
    for (const person of [s.participant, s.otherParticipant]) {
      const data = await privacyOf(person);
      expect(data.entries.find((e) => e.kind === "exported" && e.who === s.facilitator.name)?.what, person.name).toBe("A group's attendance with your name, downloaded");
    }
  });
});
