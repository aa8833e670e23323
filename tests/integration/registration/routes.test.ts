import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments } from "~/db/schema";
import { referrals, resources } from "~/db/tables/referrals";
import { intakes } from "~/db/tables/registration";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { countIntakeAlerts } from "~/modules/registration/queries.server";
import * as catalogue from "~/routes/catalogue";
import * as directoryExport from "~/routes/directory.export[.]csv";
import * as directoryImport from "~/routes/directory.import";
import * as directoryIndex from "~/routes/directory._index";
import * as directoryNew from "~/routes/directory.new";
import * as directoryResource from "~/routes/directory.$resourceId";
import * as register from "~/routes/groups.$groupId.register";
import * as waitlist from "~/routes/groups.$groupId.waitlist";
import * as intakeIndex from "~/routes/intake._index";
import * as intakeRecord from "~/routes/intake.$enrolmentId";
import * as myGroups from "~/routes/my.groups";
import * as referralsIndex from "~/routes/referrals._index";
import * as referralsNew from "~/routes/referrals.new";
import { intake, intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

type Who = "anonymous" | "participant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager";
type Expect = Partial<Record<Who, number>>;

let s: Scenario;
let foreign: Scenario;
let applicant: Person;
let applicantEnrolmentId: string;
let resourceId: string;

const staff = (status: number): Expect => ({ facilitator: status, otherFacilitator: status, manager: status, admin: status });
const managersOnly: Expect = { participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200, anonymous: 302 };

type RouteCase = { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; expect: Expect };

const ROUTES: RouteCase[] = [
  { name: "catalogue", route: catalogue, path: () => "/catalogue", params: () => ({}), expect: { ...staff(200), participant: 200, foreignManager: 200, anonymous: 302 } },
  {
    name: "register",
    route: register,
    path: () => `/groups/${s.group.id}/register`,
    params: () => ({ groupId: s.group.id }),
    expect: { participant: 200, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404, anonymous: 302 },
  },
  { name: "my groups", route: myGroups, path: () => "/my/groups", params: () => ({}), expect: { ...staff(403), participant: 200, anonymous: 302 } },
  { name: "intake queue", route: intakeIndex, path: () => "/intake", params: () => ({}), expect: { ...staff(200), participant: 403, anonymous: 302 } },
  {
    name: "intake record",
    route: intakeRecord,
    path: () => `/intake/${applicantEnrolmentId}`,
    params: () => ({ enrolmentId: applicantEnrolmentId }),
    expect: { participant: 403, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, anonymous: 302 },
  },
  {
    name: "waitlist",
    route: waitlist,
    path: () => `/groups/${s.group.id}/waitlist`,
    params: () => ({ groupId: s.group.id }),
    expect: { participant: 403, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, anonymous: 302 },
  },
  { name: "directory", route: directoryIndex, path: () => "/directory", params: () => ({}), expect: { ...staff(200), participant: 403, anonymous: 302 } },
  { name: "directory new", route: directoryNew, path: () => "/directory/new", params: () => ({}), expect: managersOnly },
  {
    name: "directory entry",
    route: directoryResource,
    path: () => `/directory/${resourceId}`,
    params: () => ({ resourceId }),
    expect: { ...staff(200), participant: 403, foreignManager: 404, anonymous: 302 },
  },
  { name: "directory import", route: directoryImport, path: () => "/directory/import", params: () => ({}), expect: managersOnly },
  { name: "directory export", route: directoryExport, path: () => "/directory/export.csv", params: () => ({}), expect: managersOnly },
  { name: "referrals", route: referralsIndex, path: () => "/referrals", params: () => ({}), expect: { ...staff(200), participant: 403, anonymous: 302 } },
  { name: "new referral", route: referralsNew, path: () => "/referrals/new", params: () => ({}), expect: { ...staff(200), participant: 403, anonymous: 302 } },
];

function cookieFor(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  return s[who].cookie;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  applicant = await createPerson(s.org, "participant", { name: "Applicant Person" });
  const result = await registerForGroup(applicant, s.group.id, intake({ needAreas: ["housing", "legal"], urgent: true }), { baseUrl: "http://test.local" });
  applicantEnrolmentId = result.enrolmentId;
  const [r] = await db.insert(resources).values({ organizationId: s.org.id, name: "Legal Aid Society", services: "Expungement clinics", needAreas: ["legal"] }).returning();
  resourceId = r.id;
});

describe("access matrix for registration and referral pages", () => {
  const cases = ROUTES.flatMap((r) => Object.entries(r.expect).map(([who, status]) => ({ r, who: who as Who, status })));
  it.each(cases.map((c) => [c.r.name, c.who, c.status, c] as const))("%s as %s → %i", async (_n, who, status, c) => {
    const outcome = await callRoute(c.r.route, { path: c.r.path(), params: c.r.params(), cookie: cookieFor(who) });
    expect(outcome.status).toBe(status);
    if (status === 302) expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("junk ids are 404", async () => {
    for (const [route, params, path] of [
      [register, { groupId: "x" }, "/groups/x/register"],
      [intakeRecord, { enrolmentId: "x" }, "/intake/x"],
      [directoryResource, { resourceId: "x" }, "/directory/x"],
      [waitlist, { groupId: "00000000-0000-0000-0000-000000000000" }, "/groups/0/waitlist"],
    ] as const) {
      expect((await callRoute(route, { path, params, cookie: s.manager.cookie })).status).toBe(404);
    }
  });
});

describe("actions are guarded like their loaders and change nothing when refused", () => {
  const countEnrolments = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(enrolments).where(eq(enrolments.groupId, s.group.id)))[0].n;

  it("another organisation's manager cannot register anyone in this group (404)", async () => {
    const before = await countEnrolments();
    const out = await callRoute(register, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: foreign.manager.cookie, form: intakeForm({ participantId: foreign.participant.id }) });
    expect(out.status).toBe(404);
    expect(await countEnrolments()).toBe(before);
  });

  it("a facilitator of another group cannot register someone here (403)", async () => {
    const out = await callRoute(register, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: s.otherFacilitator.cookie, form: intakeForm({ participantId: applicant.id }) });
    expect(out.status).toBe(403);
  });

  it("a facilitator cannot change seats; another organisation's manager gets 404", async () => {
    const form = { intent: "capacity", capacity: "50" };
    expect((await callRoute(waitlist, { path: "/w", params: { groupId: s.group.id }, cookie: s.facilitator.cookie, form })).status).toBe(403);
    expect((await callRoute(waitlist, { path: "/w", params: { groupId: s.group.id }, cookie: foreign.manager.cookie, form })).status).toBe(404);
  });

  it("a participant cannot withdraw someone else's registration (404)", async () => {
    const out = await callRoute(myGroups, { path: "/my/groups", cookie: s.participant.cookie, form: { intent: "withdraw", enrolmentId: applicantEnrolmentId } });
    expect(out.status).toBe(404);
    expect((await db.select().from(enrolments).where(eq(enrolments.id, applicantEnrolmentId)))[0].status).not.toBe("withdrawn");
  });

  it("only managers edit the directory; other organisations see 404", async () => {
    const form = { name: "Renamed" };
    expect((await callRoute(directoryResource, { path: "/d", params: { resourceId }, cookie: s.facilitator.cookie, form })).status).toBe(403);
    expect((await callRoute(directoryResource, { path: "/d", params: { resourceId }, cookie: foreign.manager.cookie, form })).status).toBe(404);
    expect((await db.select().from(resources).where(eq(resources.id, resourceId)))[0].name).toBe("Legal Aid Society");
  });

  it("a facilitator refers only people in the groups they lead; another org cannot touch a referral", async () => {
    const form = { participantId: applicant.id, resourceId, needArea: "legal", reason: "Expungement", referredOn: "2027-03-01" };
    const refused = await callRoute(referralsNew, { path: "/referrals/new", cookie: s.otherFacilitator.cookie, form });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string[]> }).errors.participantId[0]).toMatch(/groups you lead/);
    const ok = await callRoute(referralsNew, { path: "/referrals/new", cookie: s.facilitator.cookie, form });
    expect(ok.status).toBe(302);
    const [row] = await db.select().from(referrals).where(eq(referrals.participantId, applicant.id));
    const update = await callRoute(referralsIndex, { path: "/referrals", cookie: foreign.manager.cookie, form: { intent: "outcome", referralId: row.id, outcome: "connected" } });
    expect(update.status).toBe(404);
    expect((await db.select().from(referrals).where(eq(referrals.id, row.id)))[0].outcome).toBe("pending");
    // The other facilitator does not see it in their lists either.
    const theirs = await callRoute(referralsIndex, { path: "/referrals?view=all", cookie: s.otherFacilitator.cookie });
    expect((theirs.data as { rows: unknown[] }).rows).toHaveLength(0);
  });

  it("another facilitator cannot mark an intake reviewed (404)", async () => {
    const out = await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: applicantEnrolmentId }, cookie: s.otherFacilitator.cookie, form: {} });
    expect(out.status).toBe(404);
    expect((await db.select().from(intakes).where(eq(intakes.enrolmentId, applicantEnrolmentId)))[0].reviewedAt).toBeNull();
  });
});

describe("privacy of intake answers", () => {
  it("writes an audit entry for each view of an intake record, and none for a refused view", async () => {
    const [intakeRow] = await db.select().from(intakes).where(eq(intakes.enrolmentId, applicantEnrolmentId));
    const views = () => db.select().from(auditEvents).where(and(eq(auditEvents.action, "intake.view"), eq(auditEvents.subjectId, intakeRow.id)));
    const before = (await views()).length;
    await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: applicantEnrolmentId }, cookie: s.manager.cookie });
    await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: applicantEnrolmentId }, cookie: s.facilitator.cookie });
    await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: applicantEnrolmentId }, cookie: s.otherFacilitator.cookie });
    await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: applicantEnrolmentId }, cookie: foreign.manager.cookie });
    const after = await views();
    expect(after.length - before).toBe(2);
    expect(after.slice(before).map((a) => a.actorUserId).sort()).toEqual([s.manager.id, s.facilitator.id].sort());
    // The queue listing is audited too.
    await callRoute(intakeIndex, { path: "/intake", cookie: s.manager.cookie });
    const listed = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "intake.list"), eq(auditEvents.actorUserId, s.manager.id)));
    expect(listed.length).toBeGreaterThan(0);
  });

  it("shows facilitators only their groups' intakes in the queue", async () => {
    const mine = await callRoute(intakeIndex, { path: "/intake", cookie: s.facilitator.cookie });
    const other = await callRoute(intakeIndex, { path: "/intake", cookie: s.otherFacilitator.cookie });
    expect((mine.data as { rows: { enrolmentId: string }[] }).rows.map((r) => r.enrolmentId)).toContain(applicantEnrolmentId);
    expect((other.data as { rows: unknown[] }).rows).toHaveLength(0);
  });

  it("never shows participants other participants' names in the catalogue or my groups", async () => {
    for (const route of [catalogue, myGroups]) {
      const out = await callRoute(route, { path: route === catalogue ? "/catalogue" : "/my/groups", cookie: s.participant.cookie });
      const text = JSON.stringify(out.data);
      expect(text).not.toContain(s.otherParticipant.name);
      expect(text).not.toContain(applicant.name);
    }
  });
});

describe("names within a group", () => {
  it("stay hidden unless the group allows it, and then only of people who agreed to classmates seeing their name", async () => {
    const group = await (await import("../../factories/registration")).createEmptyGroup(s, 5, "Sharing");
    const [ana, ben, cy] = await Promise.all(["Ana Alpha", "Ben Beta", "Cy Gamma"].map((name) => createPerson(s.org, "participant", { name })));
    await registerForGroup(ana, group.id, intake(), { baseUrl: "http://test.local" });
    await registerForGroup(ben, group.id, intake({ consentClassmates: true }), { baseUrl: "http://test.local" });
    // Cy lets facilitators contact them, which says nothing about classmates.
    await registerForGroup(cy, group.id, intake({ consentRosterSharing: true, consentClassmates: false }), { baseUrl: "http://test.local" });
    const seen = async () => {
      const out = await callRoute(myGroups, { path: "/my/groups", cookie: ana.cookie });
      return (out.data as { groups: { groupName: string; classmates: string[] | null }[] }).groups.find((g) => g.groupName === "Sharing")!.classmates;
    };
    expect(await seen()).toBeNull();
    const allow = await callRoute(waitlist, { path: "/w", params: { groupId: group.id }, cookie: s.manager.cookie, form: { intent: "settings", mode: "automatic", offerHours: "48", shareNamesWithGroup: "yes" } });
    expect(allow.status).toBe(302);
    expect(await seen()).toEqual(["Ben"]);
  });
});

describe("registering through the page", () => {
  it("shows errors beside the fields and creates nothing when the answers are incomplete", async () => {
    const person = await createPerson(s.org, "participant");
    const out = await callRoute(register, {
      path: "/r",
      params: { groupId: s.group.id },
      cookie: person.cookie,
      form: { preferredContact: "text", language: "", "needAreas[]": ["other"] },
    });
    expect(out.status).toBe(400);
    const errors = (out.data as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(["urgent", "phone", "language", "otherNeed", "consentParticipation"]));
    expect(await db.select().from(enrolments).where(eq(enrolments.userId, person.id))).toHaveLength(0);
  });

  it("a crisis answer sends the participant to the crisis page and alerts the managers and the group's facilitators", async () => {
    const person = await createPerson(s.org, "participant", { name: "Crisis Caller" });
    const alertsBefore = await countIntakeAlerts(s.otherFacilitator);
    const out = await callRoute(register, {
      path: "/r",
      params: { groupId: s.group.id },
      cookie: person.cookie,
      form: intakeForm({ "needAreas[]": ["crisis", "mental_health"] }),
    });
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/o/${s.org.slug}/crisis?registered=enrolled`);
    const [row] = await db.select().from(intakes).where(eq(intakes.userId, person.id));
    expect(row).toMatchObject({ crisis: true, urgent: true });
    const alerts = await db
      .select()
      .from(emailOutbox)
      .where(and(like("intake-alert:" + row.id), inArray(emailOutbox.toAddress, [s.manager.email, s.facilitator.email, s.otherFacilitator.email, s.admin.email])));
    expect(alerts.map((a) => a.toAddress).sort()).toEqual([s.manager.email, s.facilitator.email].sort());
    expect(alerts[0].subject).toMatch(/Crisis/);
    expect(alerts[0].textBody).not.toContain("Crisis Caller");
    expect(alerts[0].textBody).not.toMatch(/mental/i);
    expect(await countIntakeAlerts(s.manager)).toBeGreaterThan(0);
    expect(await countIntakeAlerts(s.facilitator)).toBeGreaterThan(0);
    expect(await countIntakeAlerts(s.otherFacilitator)).toBe(alertsBefore);
    // Reviewing clears the badge for that intake.
    const before = await countIntakeAlerts(s.manager);
    await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: row.enrolmentId }, cookie: s.manager.cookie, form: {} });
    expect(await countIntakeAlerts(s.manager)).toBe(before - 1);
  });

  it("staff register a participant on their behalf and land on the intake record", async () => {
    const person = await createPerson(s.org, "participant");
    const out = await callRoute(register, { path: "/r", params: { groupId: s.group.id }, cookie: s.facilitator.cookie, form: intakeForm({ participantId: person.id }) });
    expect(out.status).toBe(302);
    expect(out.location).toMatch(/^\/intake\/[0-9a-f-]+\?registered=enrolled$/);
    const [row] = await db.select().from(intakes).where(eq(intakes.userId, person.id));
    expect(row.submittedBy).toBe(s.facilitator.id);
  });

  it("a double-posted form answers the same way twice and registers once", async () => {
    const person = await createPerson(s.org, "participant");
    const post = () => callRoute(register, { path: "/r", params: { groupId: s.group.id }, cookie: person.cookie, form: intakeForm() });
    const [a, b] = await Promise.all([post(), post()]);
    expect(a.status).toBe(302);
    expect(b.location).toBe(a.location);
    expect(await db.select().from(enrolments).where(eq(enrolments.userId, person.id))).toHaveLength(1);
  });
});

describe("directory CSV", () => {
  const header = "name,location,phone,contact_person,services,languages,fees,eligibility,need_areas,website";

  it("imports nothing when any row is bad, and lists the bad lines", async () => {
    const before = (await db.select().from(resources).where(eq(resources.organizationId, s.org.id))).length;
    const csv = [header, "Food Bank,,,,,,,,,", "Clinic,,not a phone,,,,,,,", ",,,,,,,,,"].join("\r\n");
    const out = await callRoute(directoryImport, { path: "/directory/import", cookie: s.manager.cookie, form: { csv } });
    expect(out.status).toBe(400);
    expect((out.data as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 4]);
    expect((await db.select().from(resources).where(eq(resources.organizationId, s.org.id))).length).toBe(before);
  });

  it("imports a good file (updating names already present) and exports it back", async () => {
    const csv = [header, 'Food Bank,"12 Oak St, Springfield",(555) 010-4000,Sam,"Groceries, hot meals",English;Spanish,Free,Anyone,housing;other,', "Legal Aid Society,,,,Expungement and tenancy,,,,legal,"].join("\r\n");
    const out = await callRoute(directoryImport, { path: "/directory/import", cookie: s.manager.cookie, form: { csv } });
    expect(out.status).toBe(302);
    expect(decodeURIComponent(out.location!)).toContain("1 added, 1 updated");
    const exported = await callRoute(directoryExport, { path: "/directory/export.csv", cookie: s.manager.cookie });
    expect(exported.headers?.get("content-type")).toMatch(/text\/csv/);
    const text = exported.data as string;
    expect(text.split("\r\n")[0]).toBe(header);
    // Lists are written quoted ("housing;other"): a spreadsheet using ';' as its separator keeps them one cell.
    expect(text).toContain('Food Bank,"12 Oak St, Springfield",(555) 010-4000,Sam,"Groceries, hot meals","English;Spanish",Free,Anyone,"housing;other",');
    expect(text).toContain("Legal Aid Society,,,,Expungement and tenancy");
    // Another organisation's export does not contain them.
    const theirs = await callRoute(directoryExport, { path: "/directory/export.csv", cookie: foreign.manager.cookie });
    expect(theirs.data as string).not.toContain("Food Bank");
  });

  it("searches the directory", async () => {
    const out = await callRoute(directoryIndex, { path: "/directory?q=expungement", cookie: s.facilitator.cookie });
    expect((out.data as { resources: { name: string }[] }).resources.map((r) => r.name)).toEqual(["Legal Aid Society"]);
  });
});

describe("referral follow-ups", () => {
  it("lists follow-ups due and closes them with an outcome", async () => {
    const form = { participantId: s.participant.id, resourceId, needArea: "legal", reason: "Record sealing", referredOn: "2020-01-02", followUpOn: "2020-01-09" };
    expect((await callRoute(referralsNew, { path: "/referrals/new", cookie: s.manager.cookie, form })).status).toBe(302);
    const bad = await callRoute(referralsNew, { path: "/referrals/new", cookie: s.manager.cookie, form: { ...form, followUpOn: "2019-12-31" } });
    expect(bad.status).toBe(400);
    const due = await callRoute(referralsIndex, { path: "/referrals?view=due", cookie: s.manager.cookie });
    const row = (due.data as { rows: { id: string; reason: string; due: boolean }[] }).rows.find((r) => r.reason === "Record sealing")!;
    expect(row.due).toBe(true);
    await callRoute(referralsIndex, { path: "/referrals?view=due", cookie: s.manager.cookie, form: { intent: "outcome", referralId: row.id, outcome: "connected", outcomeNote: "Sealed" } });
    const after = await callRoute(referralsIndex, { path: "/referrals?view=due", cookie: s.manager.cookie });
    expect((after.data as { rows: { id: string }[] }).rows.map((r) => r.id)).not.toContain(row.id);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "referral.outcome"), eq(auditEvents.subjectId, row.id)));
    expect(audit).toHaveLength(1);
  });
});

function like(prefix: string) {
  return sql`${emailOutbox.dedupeKey} like ${prefix + "%"}`;
}
