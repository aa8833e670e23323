import { renderEmail, type Email } from "./layout";

export type DecisionOutcome = "adopted" | "adopted_with_changes" | "not_adopted";

const OUTCOME_TEXT: Record<DecisionOutcome, { label: string; sentence: string }> = {
  adopted: { label: "Adopted", sentence: "It was adopted." },
  adopted_with_changes: { label: "Adopted with changes", sentence: "It was adopted with changes." },
  not_adopted: { label: "Not adopted", sentence: "It was not adopted." },
};

/** Titles come from a form: one line in the subject, whatever was typed. */
const oneLine = (value: string) => value.replace(/\s+/g, " ").trim();

/**
 * To the members of a proposal's group or program and its proposer: the decision, what was
 * decided and why. Never says how anyone voted (not even the recipient).
 */
export function proposalDecisionEmail(data: {
  name: string;
  title: string;
  audience: string;
  outcome: DecisionOutcome;
  decisionText: string;
  rationale: string;
  proposer: boolean;
  url: string;
}): Email {
  const outcome = OUTCOME_TEXT[data.outcome];
  const title = oneLine(data.title);
  return renderEmail({
    subject: `Decision on “${title}”: ${outcome.label}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.proposer ? "Your proposal" : "The proposal"} “${title}” for ${oneLine(data.audience)} has been decided. ${outcome.sentence}`,
      `What was decided: ${data.decisionText}`,
      `Why: ${data.rationale}`,
      "You can read the decision, the overall results and the discussion on the proposal's page.",
    ],
    action: { label: "Read the decision", url: data.url },
    footer: "You receive this because you belong to the group or program this proposal was for, or you made the proposal.",
  });
}
