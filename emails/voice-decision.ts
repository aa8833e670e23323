import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

export type DecisionOutcome = "adopted" | "adopted_with_changes" | "not_adopted";

const OUTCOME_TEXT: Record<DecisionOutcome, { label: string; sentence: string }> = {
  adopted: { label: "email.decision.adopted", sentence: "email.decision.adoptedSentence" },
  adopted_with_changes: { label: "email.decision.adoptedWithChanges", sentence: "email.decision.adoptedWithChangesSentence" },
  not_adopted: { label: "email.decision.notAdopted", sentence: "email.decision.notAdoptedSentence" },
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
  /** The group's name, or (whole program) the program's name with `wholeProgram`. */
  audience: string;
  wholeProgram?: boolean;
  outcome: DecisionOutcome;
  decisionText: string;
  rationale: string;
  proposer: boolean;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no proposal (its title can name the group); the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const outcome = OUTCOME_TEXT[data.outcome];
  const title = oneLine(data.title);
  const audience = data.wholeProgram ? t("email.decision.wholeProgram", { program: oneLine(data.audience) }).trim() : oneLine(data.audience);
  const sentence = t(outcome.sentence);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.decision.subject", discreet: "email.decision.discreetSubject" }, { title, outcome: t(outcome.label) }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      data.proposer ? t("email.decision.yours", { title, audience, sentence }) : t("email.decision.theirs", { title, audience, sentence }),
      t("email.decision.what", { text: data.decisionText }),
      t("email.decision.why", { text: data.rationale }),
      t("email.decision.read"),
    ],
    action: { label: t("email.decision.action"), url: data.url },
    footer: t("email.decision.footer"),
  });
}
