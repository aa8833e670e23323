import { and, asc, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { auditEvents, groups } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { goalProposalReplies, goalProposals, planInterventions, planReviews, planServices, servicePlans } from "~/db/tables/plans";
import type { DemoContext } from "./context";

/**
 * Service plans demo (issue 16), on the goals the metrics demo wrote: Pat's plan is due for review
 * within the week (the plans report lists it, and the review reminder goes out once), Alex's review
 * is three days overdue; both have planned services (whose attendance rolls up from the year of
 * history), interventions tagged with components of peer support, a past review, and Pat has a goal
 * proposal waiting with a reply. Sam's objectives were marked met three weeks ago (the report's
 * "objectives met" reads that from the audit trail, so the demo writes those events too).
 */
export async function seedPlansDemo(ctx: DemoContext) {
  const { now, organizationId: org, userIds, groupIds } = ctx;
  const fran = userIds["fran@riverside.example"];
  const today = DateTime.fromJSDate(now, { zone: "America/New_York" });
  const iso = (d: DateTime) => d.toISODate()!;
  const objectivesOf = async (email: string) =>
    db
      .select({ id: goalObjectives.id, description: goalObjectives.description, goalId: goalObjectives.goalId })
      .from(goalObjectives)
      .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
      .where(and(eq(participantGoals.organizationId, org), eq(participantGoals.participantId, userIds[email])))
      .orderBy(asc(goalObjectives.position));

  const plans = [
    {
      email: "pat@riverside.example",
      strengths: "Good with numbers; never misses a Monday class; helps newer members with the worksheets.",
      barriers: "Works evening shifts some weeks.\nNo computer at home.",
      needs: "Housing; Education and work\nAlso needs: help reading the lease renewal",
      nextReview: iso(today.plus({ days: 5 })),
      group: "Budgeting Basics",
      interventions: [
        ["Share how I built my own budget after a rent arrears letter; review the spending diary together each week", "activation_engagement"],
        ["Go with Pat to the tenants' advice clinic for the lease renewal", "advocacy"],
      ],
      review: { monthsAgo: 3, attendees: "Pat, Fran (facilitator)", whatChanged: "Added the automatic bill payments objective.", comment: "I feel calmer about money already." },
    },
    {
      email: "alex@riverside.example",
      strengths: "Six months in recovery; a steady voice in the circle.",
      barriers: "Transport on winter evenings.",
      needs: "Substance use; Mental health",
      nextReview: iso(today.minus({ days: 3 })),
      group: "Tuesday Peer Recovery Circle",
      interventions: [
        ["Agree a list of peers to call between sessions, and what to say when it is hard", "crisis_support"],
        ["Introduce Alex to the Saturday community garden volunteers", "community_participation"],
      ],
      review: { monthsAgo: 2, attendees: "Alex, Fran (facilitator)", whatChanged: "No changes: keep attending weekly.", comment: "The circle keeps me going." },
    },
  ] as const;

  for (const p of plans) {
    const participantId = userIds[p.email];
    const [plan] = await db
      .insert(servicePlans)
      .values({ organizationId: org, participantId, strengths: p.strengths, barriers: p.barriers, needs: p.needs, nextReviewOn: p.nextReview, createdBy: fran, updatedBy: fran, createdAt: today.minus({ months: 5 }).toJSDate() })
      .returning({ id: servicePlans.id });
    const objectives = await objectivesOf(p.email);
    if (objectives.length && groupIds[p.group]) {
      await db.insert(planServices).values({ organizationId: org, objectiveId: objectives[0].id, groupId: groupIds[p.group], timesPerPeriod: 1, period: "week", minutesPerContact: p.group === "Budgeting Basics" ? 90 : 75, createdBy: fran });
      await db.insert(planInterventions).values(
        p.interventions.map(([description, component], i) => ({ organizationId: org, objectiveId: objectives[Math.min(i, objectives.length - 1)].id, description, component, responsibleId: fran, createdBy: fran })),
      );
    }
    await db.insert(planReviews).values({
      organizationId: org,
      planId: plan.id,
      reviewedOn: iso(today.minus({ months: p.review.monthsAgo })),
      attendees: p.review.attendees,
      whatChanged: p.review.whatChanged,
      participantComment: p.review.comment,
      nextReviewOn: p.nextReview,
      recordedBy: fran,
    });
  }

  // A goal Pat proposed about Budgeting Basics (so it is that program's, which Fran leads), with Fran's reply.
  const [budgeting] = await db.select({ programId: groups.programId }).from(groups).where(eq(groups.id, groupIds["Budgeting Basics"]));
  const [proposal] = await db
    .insert(goalProposals)
    .values({ organizationId: org, participantId: userIds["pat@riverside.example"], programId: budgeting.programId, words: "I want to take an evening course in bookkeeping.", status: "discussing", createdAt: today.minus({ days: 4 }).toJSDate() })
    .returning({ id: goalProposals.id });
  await db.insert(goalProposalReplies).values({ organizationId: org, proposalId: proposal.id, authorId: fran, byParticipant: false, body: "Love this. Shall we look at the community college's spring timetable together on Monday?", createdAt: today.minus({ days: 3 }).toJSDate() });

  // Sam's objectives were marked met three weeks ago: the audit events the plans report reads.
  const sams = await objectivesOf("sam@riverside.example");
  const met = await db.select({ id: goalObjectives.id }).from(goalObjectives).where(and(inArray(goalObjectives.id, sams.map((o) => o.id)), eq(goalObjectives.status, "met")));
  if (met.length) {
    await db.insert(auditEvents).values(
      met.map((o, i) => ({
        organizationId: org,
        actorUserId: fran,
        actorRole: "facilitator",
        action: "goal.objective_status",
        subjectType: "goal_objective",
        subjectId: o.id,
        subjectUserId: userIds["sam@riverside.example"],
        before: { status: "in_progress" },
        after: { status: "met" },
        at: today.minus({ days: 21 - i }).toJSDate(),
      })),
    );
  }
}
