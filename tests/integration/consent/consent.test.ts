import { and, eq, isNull, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments } from "~/db/schema";
import { absenceAlerts } from "~/db/tables/attendance";
import { consents } from "~/db/tables/consent";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as attendanceCsv from "~/routes/groups.$groupId.attendance[.]csv";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as register from "~/routes/groups.$groupId.register";
import * as waitlist from "~/routes/groups.$groupId.waitlist";
import * as home from "~/routes/home";
import * as intakeRecord from "~/routes/intake.$enrolmentId";
import * as myConsents from "~/routes/my.consents";
import * as myGroups from "~/routes/my.groups";
import * as rosterPage from "~/routes/sessions.$sessionId.roster";
import * as sheetPage from "~/routes/sessions.$sessionId.sheet";
import { createGroup, createSessionAt, minutes } from "../../factories/attendance";
import { intake, intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Consent does what its words say: every surface that shows, prints, emails or exports a
 * person's participation reads the person's current consent records.
 */
let s: Scenario;
const base = "http://test.local";

beforeAll(async () => {
  s = await createOrgScenario();
});

async function joined(name: string, answers: Parameters<typeof intake>[0]): Promise<Person> {
  const person = await createPerson(s.org, "participant", { name });
  await registerForGroup(person, s.group.id, intake(answers), { baseUrl: base });
  return person;
}

type RosterRow = { userId: string; name: string; email: string };
const groupRoster = async (cookie = s.facilitator.cookie) => {
  const out = await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie });
  expect(out.status).toBe(200);
  return (out.data as { roster: RosterRow[] }).roster;
};
const decide = (person: Person, form: Record<string, string>) => callRoute(myConsents, { path: "/my/consents", cookie: person.cookie, form });

describe("the facilitator's roster", () => {
  it("shows a participant's email only when they allow facilitators to contact them (group page, session roster, intake)", async () => {
    const yes = await joined("Yara Yes", { consentRosterSharing: true });
    const no = await joined("Noel No", { consentRosterSharing: false });
    const roster = await groupRoster();
    expect(roster.find((r) => r.userId === yes.id)?.email).toBe(yes.email);
    expect(roster.find((r) => r.userId === no.id)).toMatchObject({ name: "Noel No", email: "" });
    expect(JSON.stringify(roster)).not.toContain(no.email);

    const session = await createSessionAt(s.group.id, s.org.id, new Date(Date.now() + 3_600_000));
    const live = await callRoute(rosterPage, { path: `/sessions/${session.id}/roster`, params: { sessionId: session.id }, cookie: s.facilitator.cookie });
    expect(live.status).toBe(200);
    expect(JSON.stringify(live.data)).toContain(yes.email);
    expect(JSON.stringify(live.data)).not.toContain(no.email);

    // The intake record: the facilitator sees no contact details; the manager handling the registration does.
    const enrolmentId = await db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, no.id));
    const asFacilitator = await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: enrolmentId[0].id }, cookie: s.facilitator.cookie });
    expect(asFacilitator.status).toBe(200);
    expect(JSON.stringify(asFacilitator.data)).not.toContain(no.email);
    const asManager = await callRoute(intakeRecord, { path: "/i", params: { enrolmentId: enrolmentId[0].id }, cookie: s.manager.cookie });
    expect(JSON.stringify(asManager.data)).toContain(no.email);
  });

  it("changes at once when the participant revokes at /my/consents, and again when they give it back; each step audited", async () => {
    const rae = await joined("Rae Revoker", { consentRosterSharing: true });
    expect((await groupRoster()).find((r) => r.userId === rae.id)?.email).toBe(rae.email);

    const revoked = await decide(rae, { intent: "revoke", kind: "facilitator_contact", groupId: s.group.id });
    expect(revoked.status).toBe(302);
    expect((await groupRoster()).find((r) => r.userId === rae.id)?.email).toBe("");
    const page = await callRoute(myConsents, { path: "/my/consents", cookie: rae.cookie });
    const item = (page.data as { groups: { groupId: string; items: { kind: string; state: string }[] }[] }).groups
      .find((g) => g.groupId === s.group.id)!
      .items.find((i) => i.kind === "facilitator_contact")!;
    expect(item.state).toBe("revoked");
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "consent.revoke"), eq(auditEvents.subjectId, rae.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(rae.id);

    expect((await decide(rae, { intent: "give", kind: "facilitator_contact", groupId: s.group.id })).status).toBe(302);
    expect((await groupRoster()).find((r) => r.userId === rae.id)?.email).toBe(rae.email);
    const rows = await db.select().from(consents).where(and(eq(consents.userId, rae.id), eq(consents.kind, "facilitator_contact")));
    expect(rows.map((r) => [r.status, r.endedReason])).toEqual(expect.arrayContaining([["given", "revoked"], ["given", null]]));
  });

  it("finds walk-ins by name or email but shows only a hint of the address (they agreed to nothing for this group)", async () => {
    const dropIn = await createGroup(s, { kind: "drop_in", name: "Open drop-in", facilitatorId: s.facilitator.id });
    const session = await createSessionAt(dropIn.id, s.org.id, new Date(Date.now() + 600_000));
    const wanda = await createPerson(s.org, "participant", { name: "Wanda Walkin" });
    for (const q of ["Wanda", wanda.email]) {
      const out = await callRoute(rosterPage, { path: `/sessions/${session.id}/roster?q=${encodeURIComponent(q)}`, params: { sessionId: session.id }, cookie: s.facilitator.cookie });
      const candidates = (out.data as { candidates: { userId: string; email: string }[] }).candidates;
      expect(candidates.map((c) => c.userId)).toEqual([wanda.id]);
      expect(candidates[0].email).toBe(`p…@${wanda.email.split("@")[1]}`);
      expect(JSON.stringify(candidates)).not.toContain(wanda.email);
    }
  });

  it("keeps one current answer when the same form is sent several times at once", async () => {
    const dee = await joined("Dee Double", { consentRosterSharing: false });
    const outs = await Promise.all(Array.from({ length: 6 }, (_, i) => decide(dee, { intent: i % 2 ? "give" : "refuse", kind: "facilitator_contact", groupId: s.group.id })));
    expect(outs.map((o) => o.status)).toEqual(Array(6).fill(302));
    const current = await db.select().from(consents).where(and(eq(consents.userId, dee.id), eq(consents.kind, "facilitator_contact"), isNull(consents.revokedAt)));
    expect(current).toHaveLength(1);
  });

  it("treats an expired yes as no", async () => {
    const eve = await joined("Eve Expired", { consentRosterSharing: true });
    await db
      .update(consents)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(consents.userId, eve.id), eq(consents.kind, "facilitator_contact")));
    expect((await groupRoster()).find((r) => r.userId === eve.id)?.email).toBe("");
  });
});

describe("classmates", () => {
  it("see a first name only with that person's classmates consent, whatever the group setting allows", async () => {
    const group = await createGroup(s, { kind: "class", name: "Sharing class", facilitatorId: s.facilitator.id });
    const join = async (name: string, answers: Parameters<typeof intake>[0]) => {
      const p = await createPerson(s.org, "participant", { name });
      await registerForGroup(p, group.id, intake(answers), { baseUrl: base });
      return p;
    };
    const ana = await join("Ana Alpha", {});
    const ben = await join("Ben Beta", { consentClassmates: true });
    // Cy agreed only to facilitators: the manager's setting must not show Cy to the group.
    await join("Cy Gamma", { consentRosterSharing: true, consentClassmates: false });
    const seen = async () => {
      const out = await callRoute(myGroups, { path: "/my/groups", cookie: ana.cookie });
      return (out.data as { groups: { groupName: string; classmates: string[] | null }[] }).groups.find((g) => g.groupName === "Sharing class")!.classmates;
    };
    expect(await seen()).toBeNull();
    const allow = await callRoute(waitlist, { path: "/w", params: { groupId: group.id }, cookie: s.manager.cookie, form: { intent: "settings", mode: "automatic", offerHours: "48", shareNamesWithGroup: "yes" } });
    expect(allow.status).toBe(302);
    expect(await seen()).toEqual(["Ben"]);
    expect((await decide(ben, { intent: "revoke", kind: "classmates", groupId: group.id })).status).toBe(302);
    expect(await seen()).toEqual([]);
  });
});

describe("printouts, emails and exports", () => {
  it("the sign-in sheet of a peer recovery group carries the 42 CFR 2.32 notice and no email; a class's sheet has no notice", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, new Date(Date.now() + 7_200_000));
    const sheet = await callRoute(sheetPage, { path: `/sessions/${session.id}/sheet`, params: { sessionId: session.id }, cookie: s.facilitator.cookie });
    expect(sheet.status).toBe(200);
    expect(sheet.data).toMatchObject({ substanceUse: true });
    expect(JSON.stringify(sheet.data)).not.toContain("@");
    const cls = await createGroup(s, { kind: "class", name: "Budget class", facilitatorId: s.facilitator.id });
    const other = await createSessionAt(cls.id, s.org.id, new Date(Date.now() + 7_200_000));
    const classSheet = await callRoute(sheetPage, { path: `/sessions/${other.id}/sheet`, params: { sessionId: other.id }, cookie: s.facilitator.cookie });
    expect(classSheet.data).toMatchObject({ substanceUse: false });
    expect(REDISCLOSURE_NOTICE_42_CFR_2_32).toMatch(/42 CFR part 2/);
  });

  it("the absence alert email carries contact details only for someone who allows it; the attendance CSV likewise, under the 2.32 notice", async () => {
    const group = await createGroup(s, { kind: "peer_recovery_group", name: "Tuesday circle", facilitatorId: s.facilitator.id });
    const join = async (name: string, contact: boolean) => {
      const p = await createPerson(s.org, "participant", { name });
      await registerForGroup(p, group.id, intake({ consentRosterSharing: contact }), { baseUrl: base });
      return p;
    };
    const open = await join("Olive Open", true);
    const closed = await join("Carl Closed", false);
    const week = 7 * 24 * 60;
    // Within the year a yes lasts (consents given today expire after 12 months).
    const start = new Date(Date.now() + 7 * 86_400_000);
    const list = [];
    for (let i = 0; i < 2; i++) list.push(await createSessionAt(group.id, s.org.id, minutes(start, i * week)));
    for (const session of list) {
      for (const who of [open, closed]) await markAttendance(s.facilitator, session.id, { userId: who.id, status: "absent" }, minutes(session.startsAt, 20));
    }
    expect((await raiseAbsenceAlerts(minutes(list[1].endsAt, 10))).raised).toBe(2);
    const alerts = await db.select().from(absenceAlerts).where(eq(absenceAlerts.groupId, group.id));
    const mailFor = async (userId: string) => {
      const alert = alerts.find((a) => a.userId === userId)!;
      const [mail] = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `attendance:absence-alert:${alert.id}:%`));
      return `${mail.textBody}\n${mail.htmlBody}`;
    };
    expect(await mailFor(open.id)).toContain(open.email);
    const closedMail = await mailFor(closed.id);
    expect(closedMail).toContain("Carl Closed");
    expect(closedMail).not.toContain(closed.email);
    expect(closedMail).toContain("not agreed to share their contact details");

    const csv = await callRoute(attendanceCsv, { path: `/groups/${group.id}/attendance.csv`, params: { groupId: group.id }, cookie: s.facilitator.cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers?.get("content-type")).toContain("text/csv");
    const text = csv.data as string;
    expect(text.split("\r\n")[0]).toContain("Notice (42 CFR 2.32)");
    expect(text).toContain(REDISCLOSURE_NOTICE_42_CFR_2_32.slice(0, 80));
    expect(text).toContain(open.email);
    expect(text).toContain("Carl Closed");
    expect(text).not.toContain(closed.email);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "attendance.csv_export"), eq(auditEvents.subjectId, group.id)));
    expect((audit.after as { people: string[] }).people.sort()).toEqual([open.id, closed.id].sort());
    // Participants and facilitators of other groups get no export.
    expect((await callRoute(attendanceCsv, { path: "/x", params: { groupId: group.id }, cookie: s.otherFacilitator.cookie })).status).toBe(403);
    expect((await callRoute(attendanceCsv, { path: "/x", params: { groupId: group.id }, cookie: s.participant.cookie })).status).toBe(403);
  });

  it("the attendance CSV of a class carries no 2.32 notice", async () => {
    const cls = await createGroup(s, { kind: "class", name: "Cooking class", facilitatorId: s.facilitator.id });
    const csv = await callRoute(attendanceCsv, { path: "/x", params: { groupId: cls.id }, cookie: s.manager.cookie });
    expect(csv.status).toBe(200);
    expect(csv.data as string).not.toContain("42 CFR");
  });
});

describe("registered by staff", () => {
  it("records every consent as pending whatever staff tick; nothing optional is shared until the participant answers at sign-in", async () => {
    const pia = await createPerson(s.org, "participant", { name: "Pia Pending" });
    const out = await callRoute(register, {
      path: "/r",
      params: { groupId: s.group.id },
      cookie: s.manager.cookie,
      form: intakeForm({ participantId: pia.id, consentMode: "pending", consentRosterSharing: "yes", consentClassmates: "yes" }),
    });
    expect(out.status).toBe(302);
    const rows = await db.select().from(consents).where(eq(consents.userId, pia.id));
    expect(rows.map((r) => [r.kind, r.status, r.source, r.recordedBy]).sort()).toEqual(
      [
        ["classmates", "pending", "staff_pending", s.manager.id],
        ["facilitator_contact", "pending", "staff_pending", s.manager.id],
        ["participation", "pending", "staff_pending", s.manager.id],
      ].sort(),
    );
    expect((await groupRoster()).find((r) => r.userId === pia.id)?.email).toBe("");
    const prompt = await callRoute(home, { path: "/home", cookie: pia.cookie });
    expect((prompt.data as { pendingConsents: number }).pendingConsents).toBe(3);

    expect((await decide(pia, { intent: "give", kind: "facilitator_contact", groupId: s.group.id })).status).toBe(302);
    expect((await groupRoster()).find((r) => r.userId === pia.id)?.email).toBe(pia.email);
    const after = await callRoute(home, { path: "/home", cookie: pia.cookie });
    expect((after.data as { pendingConsents: number }).pendingConsents).toBe(2);
    const [given] = await db.select().from(consents).where(and(eq(consents.userId, pia.id), eq(consents.kind, "facilitator_contact"), eq(consents.status, "given")));
    expect(given).toMatchObject({ source: "self", recordedBy: pia.id });
    expect(given.expiresAt).not.toBeNull();
  });

  it("lets staff attest a spoken answer: recorded with their id, audited, shown to the participant with their name", async () => {
    const val = await createPerson(s.org, "participant", { name: "Val Verbal" });
    const refused = await callRoute(register, {
      path: "/r",
      params: { groupId: s.group.id },
      cookie: s.facilitator.cookie,
      form: intakeForm({ participantId: val.id, consentMode: "verbal", consentParticipation: "", consentRosterSharing: "yes" }),
    });
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.data as { errors: Record<string, string[]> }).errors)).toContain("consentParticipation");

    const out = await callRoute(register, {
      path: "/r",
      params: { groupId: s.group.id },
      cookie: s.facilitator.cookie,
      form: intakeForm({ participantId: val.id, consentMode: "verbal", consentRosterSharing: "yes" }),
    });
    expect(out.status).toBe(302);
    const rows = await db.select().from(consents).where(eq(consents.userId, val.id));
    expect(Object.fromEntries(rows.map((r) => [r.kind, [r.status, r.source, r.recordedBy]]))).toEqual({
      participation: ["given", "staff_verbal", s.facilitator.id],
      facilitator_contact: ["given", "staff_verbal", s.facilitator.id],
      classmates: ["refused", "staff_verbal", s.facilitator.id],
    });
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "consent.attest_verbal"), eq(auditEvents.subjectId, val.id)));
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.actorUserId === s.facilitator.id)).toBe(true);
    expect((await groupRoster()).find((r) => r.userId === val.id)?.email).toBe(val.email);
    const page = await callRoute(myConsents, { path: "/my/consents", cookie: val.cookie });
    expect(JSON.stringify(page.data)).toContain(s.facilitator.name);
  });
});

describe("/my/consents", () => {
  it("refuses to drop the participation acknowledgement and answers nothing for groups the person is not in", async () => {
    const pat = await joined("Pat Plain", {});
    const dropped = await decide(pat, { intent: "refuse", kind: "participation", groupId: s.group.id });
    expect(dropped.status).toBe(400);
    const other = await createGroup(s, { kind: "class", name: "Not mine" });
    expect((await decide(pat, { intent: "give", kind: "classmates", groupId: other.id })).status).toBe(404);
    expect((await decide(pat, { intent: "revoke", kind: "classmates", groupId: s.group.id })).status).toBe(400);
    expect((await decide(pat, { intent: "nonsense", kind: "classmates", groupId: s.group.id })).status).toBe(400);
  });

  it("asks someone enrolled before consents were recorded to acknowledge what taking part shares", async () => {
    const pending = async () => ((await callRoute(home, { path: "/home", cookie: s.otherParticipant.cookie })).data as { pendingConsents: number }).pendingConsents;
    expect(await pending()).toBe(1);
    expect((await decide(s.otherParticipant, { intent: "give", kind: "participation", groupId: s.group.id })).status).toBe(302);
    expect(await pending()).toBe(0);
  });

  it("is for participants only", async () => {
    expect((await callRoute(myConsents, { path: "/my/consents" })).status).toBe(302);
    expect((await callRoute(myConsents, { path: "/my/consents", cookie: s.facilitator.cookie })).status).toBe(403);
    expect((await callRoute(myConsents, { path: "/my/consents", cookie: s.participant.cookie })).status).toBe(200);
  });
});
