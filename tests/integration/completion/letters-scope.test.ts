import { and, desc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments, groups, programs, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import * as lettersRoute from "~/routes/enrolments.$enrolmentId.letters";
import * as letterPdfRoute from "~/routes/letters.$letterId[.]pdf";
import * as myReleases from "~/routes/my.releases";
import * as scanRoute from "~/routes/releases.$releaseId.scan";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { pdfText } from "../../factories/pdf";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * Who a letter may be about and under which release (the review of the letters feature): only an
 * enrolment the person took part in, and only under a release naming that enrolment's program.
 */
let s: Scenario;
const DAY = 86_400_000;
const ZONE = "America/New_York";
const inMonths = (n: number) => DateTime.now().setZone(ZONE).plus({ months: n }).toISODate()!;

beforeAll(async () => {
  s = await createOrgScenario();
});

const terms = (shares: string[], overrides: Record<string, string> = {}) => ({
  recipientName: "Officer Dana Reyes",
  recipientOrganization: "County Probation",
  recipientContact: "dana.reyes@probation.example",
  purpose: "Proof of attendance for my court date.",
  "shares[]": shares,
  expiresOn: inMonths(3),
  programId: s.program.id,
  ...overrides,
});
const mine = (who: Person, form: Record<string, string | string[]>) => callRoute(myReleases, { path: "/my/releases", cookie: who.cookie, form });

/** The participant reads the release (for `programId` when given), then signs it. */
async function sign(who: Person, shares: string[], overrides: Record<string, string> = {}) {
  const review = await mine(who, { intent: "review", ...terms(shares, overrides) });
  expect(review.status).toBe(200);
  const { statement, hash } = (review.data as { review: { statement: string; hash: string } }).review;
  const signed = await mine(who, { intent: "sign", ...terms(shares, overrides), statementHash: hash, signedName: who.name, agree: "yes" });
  expect(signed.status).toBe(302);
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
const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;

/** Three past sessions of a group with the person's marks: present, late, absent (9, 6 and 3 days ago). */
async function attended(groupId: string, person: Person) {
  for (const [d, status] of [[9, "present"], [6, "late"], [3, "absent"]] as const) {
    const session = await createSessionAt(groupId, s.org.id, new Date(Date.now() - d * DAY), { status: "held", minutes: 90 });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId, sessionId: session.id, userId: person.id, status, source: "roster" });
  }
}

describe("a letter is only about an enrolment the person took part in", () => {
  it("refuses the letters page and a letter for a waitlisted, offered, declined or interested enrolment, to its facilitator and to managers, and writes nothing", async () => {
    const budgeting = await createGroup(s, { name: "Budgeting class", facilitatorId: s.facilitator.id, kind: "class" });
    const person = await addParticipant(s, budgeting.id, { name: "Casey Court" });
    const { release } = await sign(person, ["attendance_totals", "completion_status"]);
    const circle = await createGroup(s, { name: "Opioid recovery circle", facilitatorId: s.otherFacilitator.id, kind: "peer_recovery_group" });
    const [row] = await db.insert(enrolments).values({ groupId: circle.id, userId: person.id, organizationId: s.org.id, status: "waitlisted" }).returning();
    const before = await counts(person.id);
    for (const status of ["waitlisted", "offered", "declined", "interested"] as const) {
      await db.update(enrolments).set({ status }).where(eq(enrolments.id, row.id));
      for (const who of [s.otherFacilitator, s.manager]) {
        const page = await letters(who, row.id);
        const sent = await issue(who, row.id, release.id);
        expect({ status, who: who.name, page: page.status, issue: sent.status }).toEqual({ status, who: who.name, page: 403, issue: 403 });
        expect(JSON.stringify(page.data)).toContain("has not taken part in this group");
      }
    }
    expect(await counts(person.id)).toEqual(before);
    // Seeing the releases was refused, so it is not in the person's disclosure history either.
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.list_viewed"), eq(auditEvents.subjectId, row.id)))).toHaveLength(0);
    // The enrolment the person does take part in still works for its facilitator.
    expect((await issue(s.facilitator, await enrolmentOf(budgeting.id, person.id), release.id)).status).toBe(302);
  });

  it("for a withdrawn enrolment with attendance, a manager's letter says when the person withdrew and counts only the sessions before; the former group's facilitator and an enrolment never attended are refused", async () => {
    const group = await createGroup(s, { name: "Parenting class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Wren Withdrawn" });
    await attended(group.id, person);
    const { release } = await sign(person, ["attendance_totals", "completion_status"]);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const left = new Date(Date.now() - 4 * DAY);
    await db.update(enrolments).set({ status: "withdrawn", updatedAt: left }).where(eq(enrolments.id, enrolmentId));
    expect((await letters(s.facilitator, enrolmentId)).status).toBe(403);
    expect((await issue(s.facilitator, enrolmentId, release.id)).status).toBe(403);
    const out = await issue(s.manager, enrolmentId, release.id);
    expect(out.status).toBe(302);
    const text = await pdfText((await pdf(s.manager, letterId(out.location))).bytes);
    const leftOn = DateTime.fromJSDate(left, { zone: ZONE }).setLocale("en-US").toLocaleString(DateTime.DATE_FULL);
    expect(text).toContain(`Withdrew from this group on ${leftOn}.`);
    expect(text).not.toContain("registered on");
    expect(text).toContain("Attended 2 of the 2 sessions held (3.0 hours).");
    // The former group's facilitator cannot reprint it either.
    expect((await pdf(s.facilitator, letterId(out.location))).status).toBe(403);
    // Withdrawn without ever attending: there is nothing true to certify.
    const never = await createGroup(s, { name: "Never attended", facilitatorId: s.facilitator.id });
    await db.insert(enrolments).values({ groupId: never.id, userId: person.id, organizationId: s.org.id, status: "withdrawn" });
    const neverId = await enrolmentOf(never.id, person.id);
    const before = await counts(person.id);
    expect((await issue(s.manager, neverId, release.id)).status).toBe(403);
    expect(await counts(person.id)).toEqual(before);
  });
});

describe("a release covers one program", () => {
  it("names its program (and says so when it is a substance use disorder program); a release for program A cannot send a letter about program B, nor one signed before releases named a program", async () => {
    const [recovery] = await db.insert(programs).values({ organizationId: s.org.id, name: "Opioid recovery program" }).returning();
    const [money] = await db.insert(programs).values({ organizationId: s.org.id, name: "Money skills program" }).returning();
    const budgeting = await createGroup(s, { name: "Budgeting basics", facilitatorId: s.facilitator.id });
    await db.update(groups).set({ programId: money.id }).where(eq(groups.id, budgeting.id));
    const circle = await createGroup(s, { name: "Recovery circle", facilitatorId: s.otherFacilitator.id, kind: "peer_recovery_group" });
    await db.update(groups).set({ programId: recovery.id }).where(eq(groups.id, circle.id));
    const person = await addParticipant(s, budgeting.id, { name: "Pat Program" });
    await db.insert(enrolments).values({ groupId: circle.id, userId: person.id, organizationId: s.org.id });
    await attended(circle.id, person);
    const circleEnrolment = await enrolmentOf(circle.id, person.id);
    const budgetingEnrolment = await enrolmentOf(budgeting.id, person.id);

    // A program the person takes no part in cannot be chosen.
    const [elsewhere] = await db.insert(programs).values({ organizationId: s.org.id, name: "Not theirs" }).returning();
    const refused = await mine(person, { intent: "review", ...terms(["attendance_totals"], { programId: elsewhere.id }) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Choose a program you take part in");

    const forA = await sign(person, ["attendance_totals"], { programId: money.id });
    expect(forA.statement).toContain(`my participation in ${money.name}`);
    expect(forA.statement).not.toContain("its groups");
    expect(forA.statement).not.toContain("42 CFR part 2");
    expect(forA.release).toMatchObject({ programId: money.id, part2: false });
    const before = await counts(person.id);
    for (const who of [s.manager, s.otherFacilitator]) {
      const wrong = await issue(who, circleEnrolment, forA.release.id);
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(wrong.data)).toContain(`does not cover ${recovery.name}`);
    }
    expect(await counts(person.id)).toEqual(before);
    // The letters page lists only the releases for the enrolment's program (another program's would tell staff about it).
    const listed = async (who: Person, enrolmentId: string) => ((await letters(who, enrolmentId)).data as { releases: { id: string; coversThisEnrolment: boolean }[] }).releases;
    expect((await listed(s.manager, circleEnrolment)).map((r) => r.id)).not.toContain(forA.release.id);

    const forB = await sign(person, ["attendance_totals"], { programId: recovery.id });
    expect(forB.statement).toContain(`my participation in ${recovery.name}`);
    expect(forB.statement).toContain("substance use disorder program");
    expect(forB.statement).toContain("42 CFR part 2");
    expect((await listed(s.facilitator, budgetingEnrolment)).map((r) => r.id)).toEqual([forA.release.id]);
    expect((await issue(s.otherFacilitator, circleEnrolment, forB.release.id)).status).toBe(302);
    expect((await issue(s.facilitator, budgetingEnrolment, forB.release.id)).status).toBe(400);
    expect((await issue(s.facilitator, budgetingEnrolment, forA.release.id)).status).toBe(302);

    // A release from before releases named a program ("its groups") covers none.
    await db.update(informationReleases).set({ programId: null }).where(eq(informationReleases.id, forA.release.id));
    const legacy = await issue(s.facilitator, budgetingEnrolment, forA.release.id);
    expect(legacy.status).toBe(400);
    expect(JSON.stringify(legacy.data)).toContain("does not name a program");
    expect((await listed(s.facilitator, budgetingEnrolment)).find((r) => r.id === forA.release.id)?.coversThisEnrolment).toBe(false);
  });

  it("a release signed while its program was not marked Part 2 cannot carry a letter once it is", async () => {
    const [later] = await db.insert(programs).values({ organizationId: s.org.id, name: "Later flagged" }).returning();
    const group = await createGroup(s, { name: "Later flagged group", facilitatorId: s.facilitator.id });
    await db.update(groups).set({ programId: later.id }).where(eq(groups.id, group.id));
    const person = await addParticipant(s, group.id, { name: "Lee Later" });
    const { release, statement } = await sign(person, ["attendance_totals"], { programId: later.id });
    expect(statement).not.toContain("42 CFR part 2");
    await db.update(programs).set({ part2Program: true }).where(eq(programs.id, later.id));
    const out = await issue(s.manager, await enrolmentOf(group.id, person.id), release.id);
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain("substance use disorder program");
  });
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
/** Records a paper release on an enrolment's letters page (a multipart upload); the response status. */
async function recordPaper(who: Person, enrolmentId: string, overrides: Record<string, string> = {}) {
  return (await recordPaperFull(who, enrolmentId, overrides)).status;
}
async function recordPaperFull(who: Person, enrolmentId: string, overrides: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const form = new FormData();
  const fields = { intent: "paper", ...terms([]), signedOn: DateTime.now().setZone(ZONE).toISODate()!, ...overrides };
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  form.append("shares[]", "attendance_totals");
  form.append("file", new File([PNG], "signed.png"));
  const request = new Request(`http://test.local/enrolments/${enrolmentId}/letters`, { method: "POST", body: form, headers: { cookie: who.cookie, origin: "http://test.local" } });
  try {
    const out = (await lettersRoute.action({ request, params: { enrolmentId }, context: {} })) as Response;
    return { status: out.status, body: await out.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

describe("the scan of a paper release", () => {
  it("is shown to the person, managers and facilitators of a group the person is enrolled in now — not after they withdrew, nor through a group they only showed interest in", async () => {
    const group = await createGroup(s, { name: "Scan class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Sam Scan" });
    const enrolmentId = await enrolmentOf(group.id, person.id);
    expect(await recordPaper(s.manager, enrolmentId)).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id));
    const scan = async (who: Person) => (await callRoute(scanRoute, { path: `/releases/${release.id}/scan`, params: { releaseId: release.id }, cookie: who.cookie })).status;
    expect({ person: await scan(person), manager: await scan(s.manager), facilitator: await scan(s.facilitator), other: await scan(s.otherFacilitator) }).toEqual({
      person: 200,
      manager: 200,
      facilitator: 200,
      other: 403,
    });
    await db.update(enrolments).set({ status: "withdrawn" }).where(eq(enrolments.id, enrolmentId));
    const elsewhere = await createGroup(s, { name: "Interest only", facilitatorId: s.otherFacilitator.id });
    await db.insert(enrolments).values({ groupId: elsewhere.id, userId: person.id, organizationId: s.org.id, status: "interested" });
    const viewsBefore = (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.paper_viewed"), eq(auditEvents.subjectId, release.id)))).length;
    expect({ person: await scan(person), manager: await scan(s.manager), former: await scan(s.facilitator), interested: await scan(s.otherFacilitator) }).toEqual({
      person: 200,
      manager: 200,
      former: 403,
      interested: 403,
    });
    // Only the manager's view was recorded (a refused view shows nothing and records nothing).
    expect((await db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.paper_viewed"), eq(auditEvents.subjectId, release.id)))).length).toBe(viewsBefore + 1);
  });
});

describe("a release signed on paper is recorded by a manager and the person is told", () => {
  it("refuses a facilitator; emails the participant when a manager records one and again when a letter goes out under it", async () => {
    const group = await createGroup(s, { name: "Paper notice class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Noor Notice" });
    await attended(group.id, person);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const mail = async () => db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, person.email)).orderBy(emailOutbox.id);
    // A facilitator cannot fabricate one (nothing written, nobody told).
    expect(await recordPaper(s.facilitator, enrolmentId, { recipientName: "My cousin" })).toBe(403);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id))).toHaveLength(0);
    expect(await mail()).toHaveLength(0);
    const page = await letters(s.facilitator, enrolmentId);
    expect((page.data as { recordsPaper: boolean }).recordsPaper).toBe(false);
    expect(((await letters(s.manager, enrolmentId)).data as { recordsPaper: boolean }).recordsPaper).toBe(true);

    expect(await recordPaper(s.manager, enrolmentId)).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id));
    const recorded = await mail();
    expect(recorded).toHaveLength(1);
    expect(recorded[0].subject).toBe("A release of information signed on paper was recorded for you");
    expect(recorded[0].textBody).toContain("Officer Dana Reyes, County Probation");
    expect(recorded[0].textBody).toContain(s.manager.name);
    expect(recorded[0].textBody).toContain("/my/releases");
    // The program is not named in the mail (it may be a substance use program; mail can be seen by others).
    expect(recorded[0].textBody).not.toContain(s.program.name);

    expect((await issue(s.facilitator, enrolmentId, release.id)).status).toBe(302);
    const after = await mail();
    expect(after).toHaveLength(2);
    expect(after[1].subject).toBe("A letter about you was sent under a release signed on paper");
    expect(after[1].textBody).toContain("Officer Dana Reyes, County Probation");
    expect(after[1].textBody).toContain(s.facilitator.name);

    // A letter under a release the person signed in the app is not mailed (they signed it themselves and see it on My releases).
    const { release: inApp } = await sign(person, ["attendance_totals"]);
    expect((await issue(s.facilitator, enrolmentId, inApp.id)).status).toBe(302);
    expect(await mail()).toHaveLength(2);
  });
});

describe("a paper release for a person the app cannot notify (a walk-in without an email)", () => {
  it("is refused until the manager confirms a witness and telling them in person; then recorded with who and when, audited, and the letters page warns", async () => {
    const NOT_NOTIFIED = "This person has no confirmed email address: they will not be notified automatically.";
    const group = await createGroup(s, { name: "Walk-in paper class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Wren Walkin" });
    const placeholder = `walk-in+${person.id}@walk-in.invalid`;
    await db.update(users).set({ email: placeholder }).where(eq(users.id, person.id));
    await attended(group.id, person);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const recordedEvents = async () => db.select().from(auditEvents).where(and(eq(auditEvents.action, "release.paper_recorded"), eq(auditEvents.subjectUserId, person.id)));

    // The page says so before anything is recorded.
    expect((await letters(s.manager, enrolmentId)).data).toMatchObject({ notifiable: false });
    const refused = await recordPaperFull(s.manager, enrolmentId);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain(NOT_NOTIFIED);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id))).toHaveLength(0);
    expect(await recordedEvents()).toHaveLength(0);
    // A junk value for the box is not a confirmation.
    expect(await recordPaper(s.manager, enrolmentId, { toldInPerson: "maybe" })).toBe(400);
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id))).toHaveLength(0);

    const before = Date.now();
    expect(await recordPaper(s.manager, enrolmentId, { toldInPerson: "yes" })).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id));
    expect(release).toMatchObject({ method: "paper", toldInPersonConfirmedBy: s.manager.id });
    expect(release.toldInPersonConfirmedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [event] = await recordedEvents();
    expect(event.actorUserId).toBe(s.manager.id);
    expect(event.after).toMatchObject({ notice: "told_in_person_with_witness" });
    // Nothing was queued to the placeholder address.
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, placeholder))).toHaveLength(0);

    // Letters under it: the page shows the same warning.
    const page = await letters(s.manager, enrolmentId);
    expect(page.data).toMatchObject({ notifiable: false, notNotifiedMessage: NOT_NOTIFIED });
    expect((await issue(s.facilitator, enrolmentId, release.id)).status).toBe(302);
  });

  it("a person whose address nobody confirmed (a walk-in's typed address) is not notifiable either: the email would not go", async () => {
    const group = await createGroup(s, { name: "Typed address class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Tia Typed" });
    await db.update(users).set({ emailConfirmedAt: null }).where(eq(users.id, person.id));
    await attended(group.id, person);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    expect((await letters(s.manager, enrolmentId)).data).toMatchObject({ notifiable: false });
    // Recorded as told by email, while nothing would reach them, it is refused; the witnessed in-person notice is asked for.
    const refused = await recordPaperFull(s.manager, enrolmentId);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("This person has no confirmed email address");
    expect(await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id))).toHaveLength(0);
    expect(await recordPaper(s.manager, enrolmentId, { toldInPerson: "yes" })).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id));
    expect(release).toMatchObject({ method: "paper", toldInPersonConfirmedBy: s.manager.id });
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, person.email))).toHaveLength(0);
  });

  it("a person with an email is notified as before and needs no confirmation (the box is not recorded)", async () => {
    const group = await createGroup(s, { name: "Emailed paper class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Ema Mailed" });
    await attended(group.id, person);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    expect((await letters(s.manager, enrolmentId)).data).toMatchObject({ notifiable: true });
    expect(await recordPaper(s.manager, enrolmentId)).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, person.id));
    expect(release).toMatchObject({ toldInPersonConfirmedBy: null, toldInPersonConfirmedAt: null });
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, person.email))).toHaveLength(1);
  });
});

describe("a double tap on 'Issue the letter'", () => {
  it("gives one letter and one disclosure: the same person issuing under the same release for the same enrolment within a minute gets the letter already sent", async () => {
    const group = await createGroup(s, { name: "Double tap class", facilitatorId: s.facilitator.id });
    const person = await addParticipant(s, group.id, { name: "Dee Double" });
    await attended(group.id, person);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const { release } = await sign(person, ["attendance_totals"]);
    const taps = await Promise.all([issue(s.facilitator, enrolmentId, release.id), issue(s.facilitator, enrolmentId, release.id)]);
    expect(taps.map((t) => t.status)).toEqual([302, 302]);
    expect(letterId(taps[0].location)).toBe(letterId(taps[1].location));
    expect(await counts(person.id)).toEqual({ letters: 1, events: 1 });
    const again = await issue(s.facilitator, enrolmentId, release.id);
    expect(letterId(again.location)).toBe(letterId(taps[0].location));
    expect(await counts(person.id)).toEqual({ letters: 1, events: 1 });
    // A minute later it is a new letter, deliberately sent again.
    await db.update(disclosureLetters).set({ issuedAt: new Date(Date.now() - 61_000) }).where(eq(disclosureLetters.id, letterId(taps[0].location)));
    const later = await issue(s.facilitator, enrolmentId, release.id);
    expect(letterId(later.location)).not.toBe(letterId(taps[0].location));
    expect(await counts(person.id)).toEqual({ letters: 2, events: 2 });
  });
});
