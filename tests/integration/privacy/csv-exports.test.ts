import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { createReferral, createResource } from "~/modules/referrals/mutations.server";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import { listQuestions } from "~/modules/voice/queries.server";
import { parseCsv } from "~/modules/referrals/csv";
import * as concernsCsv from "~/routes/concerns.export[.]csv";
import * as feedbackCsv from "~/routes/feedback.reports[.]csv";
import * as feedbackSubmit from "~/routes/feedback.$sessionId";
import * as intakeCsv from "~/routes/intake.export[.]csv";
import * as referralsCsv from "~/routes/referrals.export[.]csv";
import * as rosterCsv from "~/routes/sessions.$sessionId.roster[.]csv";
import * as rosterPage from "~/routes/sessions.$sessionId.roster";
import { intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession, enrolParticipants, ratingsForm } from "../../factories/voice";

/**
 * CSV for every table (issue 21): each download is the page's own query for the same person —
 * the same rows, the same suppression, the same refusals — formula-safe, with the 42 CFR 2.32
 * notice for a substance-use group (the scenario's group is a peer recovery group), and recorded
 * in the disclosure history of the people it names.
 */
let s: Scenario;
let foreign: Scenario;
let applicant: Person;

const FORMULA = '=HYPERLINK("http://evil.example","click")';

async function download(route: Parameters<typeof callRoute>[0], path: string, who: Person | null, params: Record<string, string> = {}) {
  const out = await callRoute(route, { path, params, cookie: who?.cookie });
  return { status: out.status, text: typeof out.data === "string" ? out.data : "", headers: out.headers };
}

/** The table under the notice: [header, ...rows] (the notice line and the empty line after it removed). */
function table(text: string): string[][] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const rows = parsed.records.map((r) => r.fields);
  return rows[0]?.[0]?.startsWith("Notice (42 CFR 2.32)") ? rows.slice(1) : rows;
}

const exportsOf = async (action: string, person: string) =>
  db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectUserId, person)));

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  applicant = await createPerson(s.org, "participant", { name: "Applicant Person" });
  await registerForGroup(applicant, s.group.id, intake({ needAreas: ["housing"], urgent: true }), { baseUrl: "http://test.local" });
});

describe("referrals CSV", () => {
  beforeAll(async () => {
    const resource = await createResource(s.manager, {
      name: "Food bank",
      location: "",
      phone: "+1 555 0100",
      contactPerson: "",
      services: "",
      languages: "",
      fees: "",
      eligibility: "",
      needAreas: [],
      website: "",
    });
    await createReferral(s.facilitator, {
      participantId: s.participant.id,
      resourceId: resource.id,
      groupId: null,
      needArea: "legal",
      reason: FORMULA,
      referredOn: "2027-03-01",
      followUpOn: null,
    } as never);
  });

  it("lists the page's referrals with every formula neutralised and the 2.32 notice; the download is in the person's history", async () => {
    const out = await download(referralsCsv, "/referrals/export.csv?view=all", s.facilitator);
    expect(out.status).toBe(200);
    expect(out.headers?.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(out.headers?.get("cache-control")).toBe("private, no-store");
    expect(out.text.split("\r\n")[0]).toBe(`"Notice (42 CFR 2.32): ${REDISCLOSURE_NOTICE_42_CFR_2_32}"`);
    const [header, ...rows] = table(out.text);
    expect(header.slice(0, 3)).toEqual(["Participant", "Service", "Service phone"]);
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 4)).toEqual([s.participant.name, "Food bank", "'+1 555 0100", "Legal help (including expungement)"]);
    expect(rows[0][8]).toBe(`'${FORMULA}`);
    expect(out.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(await exportsOf("referral.exported", s.participant.id)).toHaveLength(1);
  });

  it("gives each person only their page's rows, and refuses participants and visitors", async () => {
    expect(table((await download(referralsCsv, "/referrals/export.csv?view=open", s.manager)).text)).toHaveLength(2);
    // Due view: nothing is due (no follow-up date), as on the page.
    expect(table((await download(referralsCsv, "/referrals/export.csv", s.manager)).text)).toHaveLength(1);
    expect(table((await download(referralsCsv, "/referrals/export.csv?view=all", s.otherFacilitator)).text)).toHaveLength(1);
    expect(table((await download(referralsCsv, "/referrals/export.csv?view=all", foreign.manager)).text)).toHaveLength(1);
    expect((await download(referralsCsv, "/referrals/export.csv", s.participant)).status).toBe(403);
    expect((await download(referralsCsv, "/referrals/export.csv", null)).status).toBe(302);
  });
});

describe("intake queue CSV", () => {
  it("lists the queue's rows, never the answers, recorded as an export in the applicant's history", async () => {
    const out = await download(intakeCsv, "/intake/export.csv", s.manager);
    expect(out.status).toBe(200);
    const [header, ...rows] = table(out.text);
    expect(header).toEqual(["Priority", "Participant", "Group", "Need areas", "Status", `Received (${s.manager.timezone})`, `Reviewed (${s.manager.timezone})`]);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([["Urgent", "Applicant Person", s.group.name, "Housing"]]);
    const exported = await exportsOf("intake.exported", applicant.id);
    expect(exported).toHaveLength(1);
    expect(await exportsOf("intake.list", applicant.id)).toHaveLength(0);
  });

  it("gives a facilitator of another group nothing, and refuses participants and visitors", async () => {
    expect(table((await download(intakeCsv, "/intake/export.csv", s.facilitator)).text).slice(1).map((r) => r[1])).toEqual(["Applicant Person"]);
    expect(table((await download(intakeCsv, "/intake/export.csv", s.otherFacilitator)).text)).toHaveLength(1);
    expect(table((await download(intakeCsv, "/intake/export.csv?show=all", foreign.manager)).text)).toHaveLength(1);
    expect((await download(intakeCsv, "/intake/export.csv", s.participant)).status).toBe(403);
    expect((await download(intakeCsv, "/intake/export.csv", null)).status).toBe(302);
  });
});

describe("feedback report CSV", () => {
  it("holds back a batch of fewer than 5 answers exactly as the page does, and shows it once 5 are in", async () => {
    const people = [s.participant, s.otherParticipant, ...(await enrolParticipants(s, 3))];
    const questionIds = (await listQuestions(s.org.id)).map((q) => q.id);
    const session = await createHeldSession(s);
    const submit = (who: Person, form: Record<string, string>) =>
      callRoute(feedbackSubmit, { path: `/feedback/${session.id}`, params: { sessionId: session.id }, cookie: who.cookie, form });
    for (const [i, who] of people.slice(0, 4).entries()) expect((await submit(who, ratingsForm(questionIds, 4, { comment: `${i === 0 ? "@SUM(1)" : "Fine"} ${i}`, anonymous: "on" }))).status).toBe(302);
    const path = `/feedback/reports?group=${s.group.id}`;
    let rows = table((await download(feedbackCsv, path.replace("reports", "reports.csv"), s.facilitator)).text);
    expect(rows.slice(1).map((r) => r[1])).toEqual(["Withheld"]);
    expect(rows.flat().join(" ")).not.toContain("Fine");
    expect((await submit(people[4], ratingsForm(questionIds, 2, { comment: "Fine 4", anonymous: "on" }))).status).toBe(302);
    const out = await download(feedbackCsv, path.replace("reports", "reports.csv"), s.facilitator);
    rows = table(out.text);
    expect(rows.find((r) => r[1] === "Responses")?.[3]).toBe("5");
    const ratings = rows.filter((r) => r[1] === "Rating");
    expect(ratings).toHaveLength(questionIds.length);
    expect(ratings[0].slice(3, 10)).toEqual(["5", "3.60", "0", "1", "0", "4", "0"]);
    expect(rows.filter((r) => r[1] === "Comment").map((r) => [r[2], r[10]])).toEqual([
      ["'@SUM(1) 0", "anonymous"],
      ["Fine 1", "anonymous"],
      ["Fine 2", "anonymous"],
      ["Fine 3", "anonymous"],
      ["Fine 4", "anonymous"],
    ]);
    // Anonymous answers only: no notice, nobody named.
    expect(out.text).not.toContain("42 CFR");
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "feedback.report.exported"), eq(auditEvents.actorUserId, s.facilitator.id)));
    expect(audit).toBeDefined();
  });

  it("refuses another facilitator's group, participants and visitors", async () => {
    expect((await download(feedbackCsv, `/feedback/reports.csv?group=${s.group.id}`, s.otherFacilitator)).status).toBe(404);
    expect((await download(feedbackCsv, `/feedback/reports.csv?group=${s.group.id}`, foreign.manager)).status).toBe(404);
    expect((await download(feedbackCsv, "/feedback/reports.csv?period=nonsense", s.manager)).status).toBe(400);
    expect((await download(feedbackCsv, "/feedback/reports.csv", s.participant)).status).toBe(403);
    expect((await download(feedbackCsv, "/feedback/reports.csv", null)).status).toBe(302);
  });
});

describe("concerns CSV", () => {
  it("lists the concerns a manager handles — never one about that manager — and refuses everyone else", async () => {
    const base = { sessionId: null, groupId: null, programId: null, body: "b" };
    await raiseConcern(s.participant, { ...base, subject: "facilitator", facilitatorId: s.facilitator.id, summary: "About the facilitator", anonymous: false } as never, new Date(), "http://test.local");
    await raiseConcern(s.otherParticipant, { ...base, subject: "facilitator", facilitatorId: s.manager.id, summary: "-About the manager", anonymous: true } as never, new Date(), "http://test.local");
    const manager = table((await download(concernsCsv, "/concerns/export.csv", s.manager)).text);
    expect(manager[0]).toEqual(["Concern", "Raised by", "About", "Group", `Received (${s.manager.timezone})`, "Status", "Overdue", "Hours to first response"]);
    expect(manager.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([["About the facilitator", s.participant.name, "A facilitator"]]);
    const admin = table((await download(concernsCsv, "/concerns/export.csv", s.admin)).text);
    expect(admin.slice(1).map((r) => [r[0], r[1]]).sort()).toEqual([
      ["'-About the manager", "Anonymous"],
      ["About the facilitator", s.participant.name],
    ]);
    // The named submitter has both downloads in their history; the anonymous one is never named.
    expect(await exportsOf("concern.exported", s.participant.id)).toHaveLength(2);
    expect(await exportsOf("concern.exported", s.otherParticipant.id)).toHaveLength(0);
    expect(table((await download(concernsCsv, "/concerns/export.csv", foreign.manager)).text)).toHaveLength(1);
    for (const who of [s.facilitator, s.participant]) expect((await download(concernsCsv, "/concerns/export.csv", who)).status).toBe(403);
    expect((await download(concernsCsv, "/concerns/export.csv", null)).status).toBe(302);
  });
});

describe("roster CSV", () => {
  it("lists the session's people with an email only where they allow it, under the 2.32 notice, in each person's history", async () => {
    const session = await createHeldSession(s, new Date(), 1, { markAttendance: true });
    const path = `/sessions/${session.id}/roster.csv`;
    const out = await download(rosterCsv, path, s.facilitator, { sessionId: session.id });
    expect(out.status).toBe(200);
    expect(out.text.split("\r\n")[0]).toContain("Notice (42 CFR 2.32)");
    const [header, ...rows] = table(out.text);
    expect(header.slice(0, 5)).toEqual(["Participant", "Email", "Enrolled", "Walk-in", "Mark"]);
    // The same people as the page, and an email exactly where the page shows one (the person allows it).
    const page = (await callRoute(rosterPage, { path: `/sessions/${session.id}/roster`, params: { sessionId: session.id }, cookie: s.facilitator.cookie })).data as {
      rows: { name: string; email: string; contactShared: boolean }[];
    };
    expect(rows.map((r) => r[0])).toEqual(page.rows.map((r) => r.name));
    expect(rows.map((r) => r[1])).toEqual(page.rows.map((r) => (r.contactShared ? r.email || "no email" : "not shared")));
    expect(rows.map((r) => r[0])).toContain(s.participant.name);
    expect(await exportsOf("roster.exported", s.participant.id)).toHaveLength(1);
    for (const [who, status] of [
      [s.otherFacilitator, 403],
      [s.participant, 403],
      [foreign.manager, 404],
    ] as const) {
      expect((await download(rosterCsv, path, who, { sessionId: session.id })).status).toBe(status);
    }
    expect((await download(rosterCsv, path, null, { sessionId: session.id })).status).toBe(302);
    expect((await download(rosterCsv, "/sessions/x/roster.csv", s.manager, { sessionId: "x" })).status).toBe(404);
  });
});
