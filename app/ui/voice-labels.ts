import { FORMER_MEMBER, UNNAMED_MEMBER, YOU } from "~/modules/voice/proposals/names";
/**
 * Catalog keys for the codes that the voice, intake, referral and directory modules return
 * (proposal topics and outcomes, vote answers, concern statuses and subjects, need areas, contact
 * methods, referral outcomes and lists). Pages show `t(KEY[code])`, never the modules' English labels.
 */
export const TOPIC_KEY = {
  rules: "voice.labels.topic.rules",
  topics: "voice.labels.topic.topics",
  format: "voice.labels.topic.format",
  times: "voice.labels.topic.times",
  place: "voice.labels.topic.place",
  decision: "voice.labels.topic.decision",
} as const;

export const OUTCOME_KEY = {
  adopted: "voice.labels.outcome.adopted",
  adopted_with_changes: "voice.labels.outcome.adoptedWithChanges",
  not_adopted: "voice.labels.outcome.notAdopted",
} as const;

export const AGREE_KEY: Record<string, string> = {
  agree: "voice.labels.agree.agree",
  disagree: "voice.labels.agree.disagree",
  abstain: "voice.labels.agree.abstain",
};

export const CONCERN_STATUS_KEY = {
  received: "voice.labels.concernStatus.received",
  in_review: "voice.labels.concernStatus.inReview",
  responded: "voice.labels.concernStatus.responded",
  closed: "voice.labels.concernStatus.closed",
} as const;

export const CONCERN_SUBJECT_KEY = {
  session: "voice.labels.concernSubject.session",
  group: "voice.labels.concernSubject.group",
  facilitator: "voice.labels.concernSubject.facilitator",
  program: "voice.labels.concernSubject.program",
} as const;

export const NEED_AREA_KEY: Record<string, string> = {
  mental_health: "voice.labels.needArea.mentalHealth",
  substance_use: "voice.labels.needArea.substanceUse",
  legal: "voice.labels.needArea.legal",
  crisis: "voice.labels.needArea.crisis",
  primary_care_dentistry: "voice.labels.needArea.primaryCare",
  education_vocational: "voice.labels.needArea.education",
  housing: "voice.labels.needArea.housing",
  other: "voice.labels.needArea.other",
};

export const CONTACT_KEY: Record<string, string> = {
  email: "voice.labels.contact.email",
  phone: "voice.labels.contact.phone",
  text: "voice.labels.contact.text",
};

export const REFERRAL_OUTCOME_KEY = {
  pending: "voice.labels.referralOutcome.pending",
  connected: "voice.labels.referralOutcome.connected",
  not_connected: "voice.labels.referralOutcome.notConnected",
  declined: "voice.labels.referralOutcome.declined",
  no_response: "voice.labels.referralOutcome.noResponse",
} as const;

export const REFERRAL_VIEW_KEY = {
  due: "voice.labels.referralView.due",
  open: "voice.labels.referralView.open",
  all: "voice.labels.referralView.all",
} as const;

export const CONSENT_STATE_KEY: Record<string, string> = {
  given: "voice.labels.consentState.given",
  refused: "voice.labels.consentState.refused",
  pending: "voice.labels.consentState.pending",
  expired: "voice.labels.consentState.expired",
  revoked: "voice.labels.consentState.revoked",
  not_asked: "voice.labels.consentState.notAsked",
};

/**
 * A group or program to choose (proposals, "you said, we did"): the module labels it "Group: …" or
 * "Whole program: …" in English; the scope comes from its value ("group:<id>", "program:<id>").
 */
export function targetOption(o: { value: string; label: string }, t: (key: string, values?: Record<string, unknown>) => string) {
  const name = o.label.slice(o.label.indexOf(": ") + 2);
  return { value: o.value, label: t(o.value.startsWith("program:") ? "voice.newProposal.wholeProgramTarget" : "voice.newProposal.groupTarget", { name }) };
}

/**
 * A name on a proposal's page: the module's markers (another participant the classmates consent
 * does not let the reader name, an account that is gone, the reader as proposer) in the reader's
 * language; a name as written.
 */
export function proposalMemberName(t: (key: string) => string, name: string): string {
  if (name === UNNAMED_MEMBER) return t("voice.proposal.aMember");
  if (name === FORMER_MEMBER) return t("voice.proposal.formerMember");
  if (name === YOU) return t("voice.proposal.you");
  return name;
}
