import { renderEmail, type Email } from "./layout";

/** To the participant and their facilitators: a service plan's review is coming up (sent once per review date). */
export function planReviewDueEmail(data: { name: string; participantName: string; forParticipant: boolean; dueOn: string; url: string }): Email {
  return renderEmail({
    subject: data.forParticipant ? `Your plan review is due on ${data.dueOn}` : `Plan review due on ${data.dueOn}: ${data.participantName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: data.forParticipant
      ? [
          `Your service plan is due for review on ${data.dueOn}. You and your facilitator will look at your goals together: what is going well, what is hard, and what to change.`,
          "You can read your plan and propose new goals in your own words before then. This reminder is sent once.",
        ]
      : [`The service plan of ${data.participantName} is due for review on ${data.dueOn}.`, "Please arrange the review with them and record it on their plan. This reminder is sent once."],
    action: { label: data.forParticipant ? "Open my goals" : "Open the plan", url: data.url },
    footer: data.forParticipant ? "You receive this because you have a service plan with this organisation." : "You receive this because you lead a group this participant is enrolled in, or manage this organisation.",
  });
}
