import { and, desc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import * as lettersRoute from "~/routes/enrolments.$enrolmentId.letters";
import * as letterPdfRoute from "~/routes/letters.$letterId[.]pdf";
import * as myReleases from "~/routes/my.releases";
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
