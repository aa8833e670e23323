import { and, desc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import { statementHash } from "~/modules/completion/releases/mutations.server";
import * as lettersRoute from "~/routes/enrolments.$enrolmentId.letters";
import * as letterPdfRoute from "~/routes/letters.$letterId[.]pdf";
import * as myPrivacy from "~/routes/my.privacy";
import * as myReleases from "~/routes/my.releases";
import * as programCompletion from "~/routes/programs.$programId.completion";
import * as scanRoute from "~/routes/releases.$releaseId.scan";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { pdfText } from "../../factories/pdf";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Attendance letters and progress reports to a named third party: only under a current release
 * the participant signed, showing only what it allows, each one a disclosure logged exactly once.
 */
let s: Scenario;
let foreign: Scenario;
const DAY = 86_400_000;
const inMonths = (n: number) => DateTime.now().setZone("America/New_York").plus({ months: n }).toISODate()!;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

/** A group led by s.facilitator with three past sessions: present, late, absent. */
async function participantWithAttendance(name: string, options: { kind?: "class" | "peer_recovery_group" } = {}) {
  const group = await createGroup(s, { name: `Group of ${name}`, facilitatorId: s.facilitator.id, kind: options.kind });
  const person = await addParticipant(s, group.id, { name });
  const held = [];
  for (const [d, status] of [[9, "present"], [6, "late"], [3, "absent"]] as const) {
    const session = await createSessionAt(group.id, s.org.id, new Date(Date.now() - d * DAY), { status: "held", minutes: 90 });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId: group.id, sessionId: session.id, userId: person.id, status, source: "roster" });
    held.push(session);
  }
  const [enrolment] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id)));
  return { group, person, enrolmentId: enrolment.id, held };
}

const terms = (shares: string[], overrides: Record<string, string> = {}) => ({
  recipientName: "Officer Dana Reyes",
  recipientOrganization: "County Probation",
  recipientContact: "dana.reyes@probation.example",
  purpose: "Proof of attendance for my court date.",
  "shares[]": shares,
  expiresOn: inMonths(3),
  // A release covers one program: the scenario's, unless the test says another.
  programId: s.program.id,
  ...overrides,
});

const mine = (who: Person, form: Record<string, string | string[]>) => callRoute(myReleases, { path: "/my/releases", cookie: who.cookie, form });

/** The participant reads the release, then signs it by typing their name and ticking the box. */
async function sign(who: Person, shares: string[]) {
  // For the program of the group the person is in (a test may move a group to another program).
  const [{ programId }] = await db.select({ programId: groups.programId }).from(enrolments).innerJoin(groups, eq(groups.id, enrolments.groupId)).where(eq(enrolments.userId, who.id));
  const review = await mine(who, { intent: "review", ...terms(shares, { programId }) });
  expect(review.status).toBe(200);
  const { statement, hash } = (review.data as { review: { statement: string; hash: string } }).review;
  const signed = await mine(who, { intent: "sign", ...terms(shares, { programId }), statementHash: hash, signedName: who.name, agree: "yes" });
  expect(signed.status).toBe(302);
  // The newest of this person's releases with that text (the same terms twice give the same text).
  const [release] = await db.select().from(informationReleases).where(and(eq(informationReleases.statementHash, hash), eq(informationReleases.userId, who.id))).orderBy(desc(informationReleases.recordedAt)).limit(1);
  return { release, statement };
}

const letters = (who: Person, enrolmentId: string, form?: Record<string, string>) =>
  callRoute(lettersRoute, { path: `/enrolments/${enrolmentId}/letters`, params: { enrolmentId }, cookie: who.cookie, form });
const issue = (who: Person, enrolmentId: string, releaseId: string) => letters(who, enrolmentId, { intent: "issue", releaseId });
const letterId = (location: string | undefined) => new URL(`http://x${location}`).searchParams.get("issued")!;
async function pdf(who: Person, id: string) {
  const request = new Request(`http://test.local/letters/${id}.pdf`, { headers: { cookie: who.cookie } });
  try {
    const response = (await letterPdfRoute.loader({ request, params: { letterId: id }, context: {} })) as Response;
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, bytes: new Uint8Array() };
    throw thrown;
  }
}
const counts = async (userId: string) => ({
  letters: (await db.select().from(disclosureLetters).where(eq(disclosureLetters.userId, userId))).length,
  events: (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "letter.issued"), eq(auditEvents.subjectUserId, userId)))).length,
});

/** What each item looks like in the letter, so its absence can be checked. */
const MARKERS: Record<string, (held: { startsAt: Date }[]) => string[]> = {
  attendance_dates: (held) => ["Attendance dates", DateTime.fromJSDate(held[0].startsAt, { zone: "America/New_York" }).setLocale("en-US").toFormat("LLL d, yyyy")],
  attendance_totals: () => ["Attendance totals", "sessions held", "Unexcused absences"],
  completion_status: () => ["Completion status", "Taking part since"],
  progress_summary: () => ["Progress summary", "completion requirements"],
};

describe("signing a release in the app", () => {
  it("stores the exact text shown with its SHA-256, the typed name and the time; a changed text or another name is refused", async () => {
    const c = await participantWithAttendance("José Núñez");
    const review = await mine(c.person, { intent: "review", ...terms(["attendance_totals"]) });
    const { statement, hash } = (review.data as { review: { statement: string; hash: string } }).review;
    expect(statement).toContain("I, José Núñez, authorise");
    expect(statement).toContain("Officer Dana Reyes, County Probation");
    expect(hash).toBe(statementHash(statement));
    // Terms changed after reading (another recipient): the hash no longer matches, nothing is stored.
    const tampered = await mine(c.person, { intent: "sign", ...terms(["attendance_totals"], { recipientName: "Someone Else" }), statementHash: hash, signedName: c.person.name, agree: "yes" });
    expect(tampered.status).toBe(400);
    const wrongName = await mine(c.person, { intent: "sign", ...terms(["attendance_totals"]), statementHash: hash, signedName: "Another Person", agree: "yes" });
    expect(wrongName.status).toBe(400);
    const unticked = await mine(c.person, { intent: "sign", ...terms(["attendance_totals"]), statementHash: hash, signedName: c.person.name });
    expect(unticked.status).toBe(400);
    // A refused signature shows the same text again beside the message (nothing to start over).
    for (const refused of [tampered, wrongName, unticked]) expect((refused.data as { review?: { statement: string } }).review?.statement).toBeTruthy();
    expect((unticked.data as { review: { statement: string } }).review.statement).toBe(statement);
    const past = await mine(c.person, { intent: "review", ...terms(["attendance_totals"], { expiresOn: "2020-01-01" }) });
    expect(past.status).toBe(400);
    const none = await mine(c.person, { intent: "review", ...terms([]) });
    expect(none.status).toBe(400);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id))).toHaveLength(0);
    const accentless = await mine(c.person, { intent: "sign", ...terms(["attendance_totals"]), statementHash: hash, signedName: "jose nunez", agree: "yes" });
    expect(accentless.status).toBe(302);
    const [row] = await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id));
    expect(row).toMatchObject({ statement, statementHash: hash, signedName: "jose nunez", method: "in_app", shares: ["attendance_totals"], recordedBy: c.person.id, revokedAt: null });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.signed"), eq(auditEvents.subjectId, row.id)));
    expect(event).toMatchObject({ actorUserId: c.person.id, subjectUserId: c.person.id });
  });
});

describe("a letter", () => {
  it("shows only what the release allows: each unticked item is absent from the text read back", async () => {
    const c = await participantWithAttendance("Zoë Łukasz-Dvořák");
    for (const item of Object.keys(MARKERS)) {
      const { release } = await sign(c.person, [item]);
      const out = await issue(s.manager, c.enrolmentId, release.id);
      expect(out.status).toBe(302);
      const got = await pdf(s.manager, letterId(out.location));
      expect(got.status).toBe(200);
      const text = await pdfText(got.bytes);
      expect(text).toContain("Zoë Łukasz-Dvořák");
      expect(text).toContain("Officer Dana Reyes");
      for (const marker of MARKERS[item](c.held)) expect({ item, marker, found: text.includes(marker) }).toEqual({ item, marker, found: true });
      for (const other of Object.keys(MARKERS).filter((k) => k !== item)) {
        for (const marker of MARKERS[other](c.held)) expect({ item, other, marker, found: text.includes(marker) }).toEqual({ item, other, marker, found: false });
      }
      expect(text).not.toContain("42 CFR 2.32");
    }
    // All four: every section, with the right figures.
    const { release } = await sign(c.person, Object.keys(MARKERS));
    const text = await pdfText((await pdf(s.manager, letterId((await issue(s.facilitator, c.enrolmentId, release.id)).location))).bytes);
    expect(text).toContain("Attended 2 of the 3 sessions held (3.0 hours).");
    expect(text).toContain("Excused absences: 0. Unexcused absences: 1.");
  });

  it("is logged exactly once per letter, in the participant's history and on their releases page", async () => {
    const c = await participantWithAttendance("Logged Person");
    const { release } = await sign(c.person, ["attendance_totals"]);
    expect(await counts(c.person.id)).toEqual({ letters: 0, events: 0 });
    const first = await issue(s.facilitator, c.enrolmentId, release.id);
    expect(await counts(c.person.id)).toEqual({ letters: 1, events: 1 });
    // Printing the letter again is not another letter.
    for (let i = 0; i < 2; i++) expect((await pdf(s.facilitator, letterId(first.location))).status).toBe(200);
    expect((await pdf(c.person, letterId(first.location))).status).toBe(200);
    expect(await counts(c.person.id)).toEqual({ letters: 1, events: 1 });
    await issue(s.manager, c.enrolmentId, release.id);
    expect(await counts(c.person.id)).toEqual({ letters: 2, events: 2 });
    const [letter] = await db.select().from(disclosureLetters).where(eq(disclosureLetters.id, letterId(first.location)));
    expect(letter).toMatchObject({ releaseId: release.id, issuedBy: s.facilitator.id, shared: ["attendance_totals"], userId: c.person.id, part2Notice: false });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "letter.issued"), eq(auditEvents.subjectId, letter.id)));
    expect(event).toMatchObject({ actorUserId: s.facilitator.id, subjectUserId: c.person.id, reason: "To Officer Dana Reyes, County Probation: Proof of attendance for my court date." });
    const history = await callRoute(myPrivacy, { path: "/my/privacy", cookie: c.person.cookie });
    const sent = (history.data as { entries: { kind: string; who: string }[] }).entries.filter((e) => e.kind === "sent");
    expect(sent.map((e) => e.who).sort()).toEqual([s.facilitator.name, s.manager.name].sort());
    const page = await callRoute(myReleases, { path: "/my/releases", cookie: c.person.cookie });
    const mineNow = (page.data as { releases: { id: string; letters: { issuedBy: string }[] }[] }).releases.find((r) => r.id === release.id)!;
    expect(mineNow.letters.map((l) => l.issuedBy).sort()).toEqual([s.facilitator.name, s.manager.name].sort());
    // The manager sees the letters per participant.
    const staffPage = await letters(s.manager, c.enrolmentId);
    expect((staffPage.data as { letters: unknown[] }).letters).toHaveLength(2);
  });

  it("is refused with a clear message, and nothing logged, without a current release: none, expired, revoked, another person's", async () => {
    const c = await participantWithAttendance("Refused Person");
    const other = await participantWithAttendance("Other Person");
    const { release: othersRelease } = await sign(other.person, ["attendance_totals"]);
    const none = await issue(s.manager, c.enrolmentId, "");
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.data)).toContain("only be sent under a current release of information");
    expect((await issue(s.manager, c.enrolmentId, othersRelease.id)).status).toBe(400);
    const { release } = await sign(c.person, ["attendance_totals"]);
    await db.update(informationReleases).set({ expiresOn: "2026-01-01", signedOn: "2025-12-01", expiresAt: new Date(Date.now() - 1000) }).where(eq(informationReleases.id, release.id));
    const expired = await issue(s.manager, c.enrolmentId, release.id);
    expect(expired.status).toBe(400);
    expect(JSON.stringify(expired.data)).toContain("expired");
    const { release: second } = await sign(c.person, ["attendance_totals"]);
    const issued = await issue(s.manager, c.enrolmentId, second.id);
    expect(issued.status).toBe(302);
    // Revocation is immediate and audited: no new letter, no staff reprint; the participant keeps their copy.
    expect((await mine(other.person, { intent: "revoke", releaseId: second.id })).status).toBe(400);
    expect((await mine(c.person, { intent: "revoke", releaseId: second.id })).status).toBe(302);
    const [revokedEvent] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.revoked"), eq(auditEvents.subjectId, second.id)));
    expect(revokedEvent).toMatchObject({ actorUserId: c.person.id, subjectUserId: c.person.id });
    const revoked = await issue(s.manager, c.enrolmentId, second.id);
    expect(revoked.status).toBe(400);
    expect(JSON.stringify(revoked.data)).toContain("revoked this release");
    expect((await pdf(s.manager, letterId(issued.location))).status).toBe(403);
    expect((await pdf(c.person, letterId(issued.location))).status).toBe(200);
    expect(await counts(c.person.id)).toEqual({ letters: 1, events: 1 });
    expect((await mine(c.person, { intent: "revoke", releaseId: second.id })).status).toBe(400);
  });

  it("carries the 42 CFR 2.32 notice for a Part 2 program, and for a recovery group", async () => {
    const plain = await participantWithAttendance("Plain Program");
    const recovery = await participantWithAttendance("Recovery Member", { kind: "peer_recovery_group" });
    const flagged = await participantWithAttendance("Flagged Program");
    const [part2] = await db.insert(programs).values({ organizationId: s.org.id, name: "Part 2 program", part2Program: true }).returning();
    await db.update(groups).set({ programId: part2.id }).where(eq(groups.id, flagged.group.id));
    const notice = async (c: Awaited<ReturnType<typeof participantWithAttendance>>) => {
      const { release } = await sign(c.person, ["attendance_totals"]);
      const text = await pdfText((await pdf(s.manager, letterId((await issue(s.manager, c.enrolmentId, release.id)).location))).bytes);
      return text.includes("Prohibition on redisclosure (42 CFR 2.32)") && text.includes("42 CFR part 2");
    };
    expect(await notice(plain)).toBe(false);
    expect(await notice(recovery)).toBe(true);
    expect(await notice(flagged)).toBe(true);
  });
});

describe("a revocation racing a letter", () => {
  it("either the letter went out before the revocation or it is refused — never a letter after, never an error", async () => {
    const c = await participantWithAttendance("Racing Person");
    for (let round = 0; round < 6; round++) {
      const { release } = await sign(c.person, ["attendance_totals"]);
      const before = await counts(c.person.id);
      const [issued, revoked] = await Promise.all([issue(s.manager, c.enrolmentId, release.id), mine(c.person, { intent: "revoke", releaseId: release.id })]);
      expect(revoked.status).toBe(302);
      const after = await counts(c.person.id);
      if (issued.status === 302) {
        expect(after).toEqual({ letters: before.letters + 1, events: before.events + 1 });
        // Written before the revocation (the release row is locked while a letter is written): its
        // event precedes the revocation's in the append-only trail.
        const [sent] = await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, "letter.issued"), eq(auditEvents.subjectId, letterId(issued.location))));
        const [ended] = await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, "release.revoked"), eq(auditEvents.subjectId, release.id)));
        expect(Number(sent.id)).toBeLessThan(Number(ended.id));
        // The participant still has their copy; staff can no longer reprint it.
        expect((await pdf(c.person, letterId(issued.location))).status).toBe(200);
        expect((await pdf(s.manager, letterId(issued.location))).status).toBe(403);
      } else {
        expect({ status: issued.status, data: JSON.stringify(issued.data).includes("revoked this release") }).toEqual({ status: 400, data: true });
        expect(after).toEqual(before);
      }
    }
  });
});

describe("the Part 2 flag of a program", () => {
  it("is set by managers on the program's completion page (audited), refused to facilitators", async () => {
    const [program] = await db.insert(programs).values({ organizationId: s.org.id, name: "To be flagged" }).returning();
    const set = (who: Person, value: string) =>
      callRoute(programCompletion, { path: `/programs/${program.id}/completion`, params: { programId: program.id }, cookie: who.cookie, form: { intent: "part2", part2Program: value } });
    expect((await set(s.facilitator, "yes")).status).toBe(403);
    expect((await set(foreign.manager, "yes")).status).toBe(404);
    expect((await set(s.manager, "maybe")).status).toBe(400);
    expect((await db.select().from(programs).where(eq(programs.id, program.id)))[0].part2Program).toBe(false);
    expect((await set(s.manager, "yes")).status).toBe(302);
    expect((await db.select().from(programs).where(eq(programs.id, program.id)))[0].part2Program).toBe(true);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "program.update"), eq(auditEvents.subjectId, program.id)));
    expect(event).toMatchObject({ actorUserId: s.manager.id, before: { part2Program: false }, after: { part2Program: true } });
  });
});

describe("who may issue letters", () => {
  it("refuses another organisation, another group's facilitator, a former facilitator and the participant themselves", async () => {
    const c = await participantWithAttendance("Guarded Person");
    const former = await createPerson(s.org, "facilitator");
    await db.insert(groupFacilitators).values({ groupId: c.group.id, userId: former.id, organizationId: s.org.id });
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, c.group.id), eq(groupFacilitators.userId, former.id)));
    const { release } = await sign(c.person, ["attendance_totals", "attendance_dates"]);
    const allowed = await issue(s.manager, c.enrolmentId, release.id);
    const id = letterId(allowed.location);
    const before = await counts(c.person.id);
    for (const who of [s.otherFacilitator, former, c.person, s.participant]) {
      expect({ who: who.name, page: (await letters(who, c.enrolmentId)).status, issue: (await issue(who, c.enrolmentId, release.id)).status, pdf: (await pdf(who, id)).status }).toEqual({
        who: who.name,
        page: 403,
        issue: 403,
        pdf: who.id === c.person.id ? 200 : 403,
      });
    }
    expect((await issue(c.person, c.enrolmentId, "")).status).toBe(403);
    expect({ page: (await letters(foreign.manager, c.enrolmentId)).status, issue: (await issue(foreign.manager, c.enrolmentId, release.id)).status, pdf: (await pdf(foreign.manager, id)).status }).toEqual({
      page: 404,
      issue: 404,
      pdf: 404,
    });
    expect(await counts(c.person.id)).toEqual(before);
  });
});

describe("a release signed on paper", () => {
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  async function upload(who: Person, enrolmentId: string, file: { name: string; bytes: Uint8Array }, overrides: Record<string, string> = {}) {
    const form = new FormData();
    const fields = { intent: "paper", ...terms([]), signedOn: DateTime.now().setZone("America/New_York").toISODate()!, ...overrides };
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    form.append("shares[]", "completion_status");
    form.append("file", new File([Buffer.from(file.bytes)], file.name));
    const request = new Request(`http://test.local/enrolments/${enrolmentId}/letters`, { method: "POST", body: form, headers: { cookie: who.cookie, origin: "http://test.local" } });
    try {
      const out = (await lettersRoute.action({ request, params: { enrolmentId }, context: {} })) as Response;
      return out.status;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }

  it("is recorded by a manager with the scan (checked by its bytes), lets a letter go out, and its scan is shown only to the person and their staff", async () => {
    const c = await participantWithAttendance("Paper Person");
    expect(await upload(s.manager, c.enrolmentId, { name: "release.png", bytes: new TextEncoder().encode("not an image at all") })).toBe(400);
    expect(await upload(s.manager, c.enrolmentId, { name: "empty.png", bytes: new Uint8Array() })).toBe(400);
    expect(await upload(s.manager, c.enrolmentId, { name: "huge.pdf", bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25) })).toBe(400);
    expect(await upload(s.manager, c.enrolmentId, { name: "release.png", bytes: PNG }, { signedOn: "2099-01-01" })).toBe(400);
    expect(await upload(s.otherFacilitator, c.enrolmentId, { name: "release.png", bytes: PNG })).toBe(403);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id))).toHaveLength(0);
    // Only a manager records one (a facilitator could otherwise fabricate a release and send a letter at once).
    expect(await upload(s.facilitator, c.enrolmentId, { name: "Signed release.png", bytes: PNG })).toBe(403);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id))).toHaveLength(0);
    expect(await upload(s.manager, c.enrolmentId, { name: "Signed release.png", bytes: PNG })).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id));
    expect(release).toMatchObject({ method: "paper", signedName: "", paperContentType: "image/png", shares: ["completion_status"], recordedBy: s.manager.id });
    const text = await pdfText((await pdf(s.manager, letterId((await issue(s.manager, c.enrolmentId, release.id)).location))).bytes);
    expect(text).toContain("Completion status");
    expect(text).toContain("signed on paper");
    expect(text).not.toContain("Attendance totals");
    const scan = (who: Person) => callRoute(scanRoute, { path: `/releases/${release.id}/scan`, params: { releaseId: release.id }, cookie: who.cookie });
    for (const who of [c.person, s.manager, s.facilitator]) expect((await scan(who)).status).toBe(200);
    for (const who of [s.otherFacilitator, s.participant]) expect((await scan(who)).status).toBe(403);
    expect((await scan(foreign.manager)).status).toBe(404);
    const viewed = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.paper_viewed"), eq(auditEvents.subjectId, release.id)));
    expect(viewed.map((e) => e.actorUserId).sort()).toEqual([s.manager.id, s.facilitator.id].sort());
  });
});
