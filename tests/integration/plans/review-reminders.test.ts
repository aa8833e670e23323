import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, memberships } from "~/db/schema";
import { planReviewReminders, servicePlans } from "~/db/tables/plans";
import { findParticipant } from "~/modules/metrics/queries.server";
import { sendPlanReviewReminders } from "~/modules/plans/jobs.server";
import { recordReview, savePlanBasics } from "~/modules/plans/mutations.server";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

/**
 * Review reminders: one per review date of a plan, a week before it (in the organisation's zone),
 * to the participant and the organisation's managers (a plan's reviews are theirs: a facilitator
 * never reaches the plan's parts of no program), however often and in parallel the job runs; a new
 * review date after a review starts a new one.
 */

let s: Scenario;
const mailFor = (planId: string) =>
  db.select({ to: emailOutbox.toAddress, toUser: emailOutbox.toUserId, subject: emailOutbox.subject, key: emailOutbox.dedupeKey, text: emailOutbox.textBody }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `plans:review-due:${planId}:%`));

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("plan review reminders", () => {
  it("sends once per due review, a week before, to the participant and the managers (not their facilitator); parallel and repeated runs add nothing", async () => {
    const owner = await findParticipant(s.manager, s.participant.id);
    // Organisation zone New York: on 2027-05-03 at 02:00 UTC it is still 2 May there.
    await savePlanBasics(s.manager, owner, { strengths: "", barriers: "", needs: "", nextReviewOn: "2027-05-10" }, "2027-04-01", new Date("2027-04-01T12:00:00Z"));
    const [plan] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id));

    await sendPlanReviewReminders(new Date("2027-05-03T02:00:00Z"));
    expect(await mailFor(plan.id)).toHaveLength(0);

    const due = new Date("2027-05-03T14:00:00Z");
    await Promise.all([sendPlanReviewReminders(due), sendPlanReviewReminders(due)]);
    await sendPlanReviewReminders(new Date("2027-05-09T14:00:00Z"));
    await sendPlanReviewReminders(new Date("2027-05-12T14:00:00Z"));
    const mail = await mailFor(plan.id);
    expect(mail.map((m) => m.to).sort()).toEqual([s.participant.email, s.manager.email].sort());
    expect(mail.find((m) => m.to === s.participant.email)!.subject).toBe("Your plan review is due on 2027-05-10");
    // Each is addressed to the person's account, so it follows an email change made while it waits.
    expect(Object.fromEntries(mail.map((m) => [m.to, m.toUser]))).toEqual({ [s.participant.email]: s.participant.id, [s.manager.email]: s.manager.id });
    expect(mail.find((m) => m.to === s.manager.email)!.subject).toBe(`Plan review due on 2027-05-10: ${s.participant.name}`);
    expect(mail.find((m) => m.to === s.manager.email)!.text).toContain(`/participants/${s.participant.id}/plan`);
    expect(await db.select().from(planReviewReminders).where(eq(planReviewReminders.planId, plan.id))).toHaveLength(1);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, plan.id), eq(auditEvents.action, "plan.review_reminder")))).toHaveLength(1);

    // The review is held and the next one set: a new reminder before that date, once.
    await recordReview(s.manager, owner, { reviewedOn: "2027-05-11", attendees: "Participant and manager", whatChanged: "New objective on savings", participantComment: "Going well", nextReviewOn: "2027-08-10" }, "2027-05-11");
    await sendPlanReviewReminders(new Date("2027-05-12T14:00:00Z"));
    expect(await mailFor(plan.id)).toHaveLength(2);
    await sendPlanReviewReminders(new Date("2027-08-04T14:00:00Z"));
    await sendPlanReviewReminders(new Date("2027-08-05T14:00:00Z"));
    const after = await mailFor(plan.id);
    expect(after).toHaveLength(4);
    expect(after.filter((m) => m.key!.includes(":2027-08-10:")).map((m) => m.to).sort()).toEqual([s.participant.email, s.manager.email].sort());
  });

  it("with no current facilitator the managers are reminded; a deactivated participant is not", async () => {
    const owner = await findParticipant(s.manager, s.otherParticipant.id);
    const lonely = await createPerson(s.org, "participant");
    const lonelyOwner = await findParticipant(s.manager, lonely.id);
    await savePlanBasics(s.manager, lonelyOwner, { strengths: "", barriers: "", needs: "", nextReviewOn: "2027-06-01" }, "2027-04-01", new Date("2027-04-01T12:00:00Z"));
    await savePlanBasics(s.manager, owner, { strengths: "", barriers: "", needs: "", nextReviewOn: "2027-06-01" }, "2027-04-01", new Date("2027-04-01T12:00:00Z"));
    await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.userId, s.otherParticipant.id), eq(memberships.organizationId, s.org.id)));
    await sendPlanReviewReminders(new Date("2027-05-30T14:00:00Z"));
    const [lonelyPlan] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, lonely.id));
    const [deactivatedPlan] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.otherParticipant.id));
    expect((await mailFor(lonelyPlan.id)).map((m) => m.to).sort()).toEqual([lonely.email, s.manager.email].sort());
    expect(await mailFor(deactivatedPlan.id)).toHaveLength(0);
  });

  it("a review more than 30 days overdue when the job first sees it gets no reminder (no mail about long-past dates)", async () => {
    const late = await createPerson(s.org, "participant");
    await savePlanBasics(s.manager, await findParticipant(s.manager, late.id), { strengths: "", barriers: "", needs: "", nextReviewOn: "2027-01-10" }, "2027-01-01", new Date("2027-01-01T12:00:00Z"));
    const [plan] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, late.id));
    await sendPlanReviewReminders(new Date("2027-02-15T14:00:00Z"));
    expect(await mailFor(plan.id)).toHaveLength(0);
    await sendPlanReviewReminders(new Date("2027-02-05T14:00:00Z"));
    expect((await mailFor(plan.id)).map((m) => m.to).sort()).toEqual([late.email, s.manager.email].sort());
  });

  it("refuses a review recorded for a future day or without a later next review", async () => {
    const owner = await findParticipant(s.manager, s.participant.id);
    const base = { attendees: "Both", whatChanged: "Nothing", participantComment: "" };
    await expect(recordReview(s.manager, owner, { ...base, reviewedOn: "2027-05-20", nextReviewOn: "2027-09-01" }, "2027-05-19")).rejects.toThrow("A review is recorded on or after the day it took place: choose a date up to today.");
    await expect(recordReview(s.manager, owner, { ...base, reviewedOn: "2027-05-19", nextReviewOn: "" }, "2027-05-19")).rejects.toThrow("Set the date of the next review.");
    await expect(recordReview(s.manager, owner, { ...base, reviewedOn: "2027-05-19", nextReviewOn: "2027-05-19" }, "2027-05-19")).rejects.toThrow("The next review comes after this one.");
  });
});
