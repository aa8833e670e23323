import { translateMessage } from "~/i18n/catalog";
import type { Locale } from "~/i18n/locales";
/**
 * The consent statements, word for word, and the 42 CFR 2.32 notice. Pure: no database, no clock.
 * Changing a statement means a new CONSENT_WORDING_VERSION; records keep the exact words shown.
 */
export const CONSENT_KINDS = ["participation", "facilitator_contact", "classmates"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
/** A consent about one group (as opposed to the organisation-wide text-message choices). */
export const isGroupConsentKind = (kind: string): kind is ConsentKind => (CONSENT_KINDS as readonly string[]).includes(kind);
/** Kinds the person can say no to (participation is an acknowledgement: the group cannot run without it). */
export const CHOICE_KINDS = ["facilitator_contact", "classmates"] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

export const CONSENT_WORDING_VERSION = "v2-2026-11";

export type ConsentText = {
  /** Short name used in lists. */
  title: string;
  /** The statement the person agrees to, exactly as shown. */
  wording: string;
  /** Who receives the information. */
  toWhom: string;
  /** Why it is shared. */
  purpose: string;
  /** What happens when the answer is no (or after revoking). */
  ifNo: string;
  /** Months until a yes lapses (null: it lasts while you are in the group). */
  expiresAfterMonths: number | null;
};

export const CONSENT_TEXT: Record<ConsentKind, ConsentText> = {
  participation: {
    title: "Taking part in the group",
    wording:
      "I agree to take part in this group. I understand that the group's facilitators and the organisation's program managers see my name, my answers to these questions and my attendance, because they cannot run the group without them.",
    toWhom: "This group's facilitators and the organisation's program managers",
    purpose: "Running the group: the roster, the sign-in sheet, following up missed sessions and your registration.",
    ifNo: "You cannot take part in a group without this; you can withdraw from the group at any time on My groups.",
    expiresAfterMonths: null,
  },
  facilitator_contact: {
    title: "Facilitators may see your email and phone",
    wording: "The group's facilitators may see my email address and phone number so they can contact me themselves.",
    toWhom: "This group's facilitators",
    purpose: "So a facilitator can contact you personally, for example after missed sessions.",
    ifNo: "Facilitators see your name but not your email or phone. You still get the app's own emails (reminders, changes to sessions).",
    expiresAfterMonths: 12,
  },
  classmates: {
    title: "Other members may see your first name",
    wording: "Other members of this group may see my first name on their My groups page.",
    toWhom: "Other participants enrolled in this group",
    purpose: "So members know who else is in the group, when the group chooses to show names.",
    ifNo: "Other members never see your name in the app.",
    expiresAfterMonths: 12,
  },
};

/**
 * Text messages, one choice per kind, for all of the organisation's groups (`group_id` null), to the
 * person's confirmed mobile number. Texting STOP ends them all at once; START restores them.
 */
export const SMS_CONSENT_KINDS = ["sms_session_reminders", "sms_waitlist_offers", "sms_session_changes", "sms_checkin_links"] as const;
export type SmsConsentKind = (typeof SMS_CONSENT_KINDS)[number];
export const isSmsConsentKind = (kind: string): kind is SmsConsentKind => (SMS_CONSENT_KINDS as readonly string[]).includes(kind);

const smsText = (title: string, what: string, purpose: string): ConsentText => ({
  title,
  wording: `I agree to receive text messages from this organisation at my confirmed mobile number: ${what}. Message and data rates may apply. I can reply STOP to end all texts or HELP for help, or change this on my profile at any time.`,
  toWhom: "You, at your confirmed mobile number (through the organisation's text-message provider)",
  purpose,
  ifNo: "You get no texts of this kind; the app still emails you.",
  expiresAfterMonths: null,
});

export const SMS_CONSENT_TEXT: Record<SmsConsentKind, ConsentText> = {
  sms_session_reminders: smsText("Session reminders by text", "a reminder before each session of my groups", "Reminding you of your next session."),
  sms_waitlist_offers: smsText("Waiting-list offers by text", "a message when a seat is offered to me from a waiting list", "Telling you quickly that a seat is held for you."),
  sms_session_changes: smsText("Session changes by text", "a message when a session of my groups is moved or cancelled", "Telling you in time when a session moves or is cancelled."),
  sms_checkin_links: smsText("Check-in links by text", "a link to check in when check-in opens for my session", "Letting you check in from your phone."),
};

/** The statement and details of any consent kind, group or text message. */
export const consentText = (kind: ConsentKind | SmsConsentKind): ConsentText => (isSmsConsentKind(kind) ? SMS_CONSENT_TEXT[kind] : CONSENT_TEXT[kind]);

/**
 * A statement in the reader's language (the page shows it, and the consent record keeps exactly
 * these words). A language without a translation of a sentence keeps the English sentence.
 */
export function consentTextIn(kind: ConsentKind | SmsConsentKind, locale: Locale): ConsentText {
  const text = consentText(kind);
  const say = (value: string) => translateMessage(value, locale);
  return { ...text, title: say(text.title), wording: say(text.wording), toWhom: say(text.toWhom), purpose: say(text.purpose), ifNo: say(text.ifNo) };
}

export const CONSENT_STATE_LABELS = {
  given: "Yes",
  refused: "No",
  pending: "Waiting for the participant's answer",
  expired: "Expired",
  revoked: "Revoked",
  not_asked: "Not asked yet (not shared)",
} as const;

/** Where a yes lapses, from the moment it was given. */
export function consentExpiry(kind: ConsentKind | SmsConsentKind, givenAt: Date): Date | null {
  const months = consentText(kind).expiresAfterMonths;
  if (months === null) return null;
  const d = new Date(givenAt.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Group kinds whose participation is substance-use disorder information (42 CFR Part 2). */
export const SUBSTANCE_USE_GROUP_KINDS: readonly string[] = ["peer_recovery_group"];
export const isSubstanceUseGroup = (kind: string) => SUBSTANCE_USE_GROUP_KINDS.includes(kind);

/** The notice that must accompany each disclosure of Part 2 records (42 CFR 2.32(a)(2)). */
export const REDISCLOSURE_NOTICE_42_CFR_2_32 =
  "This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any further disclosure of this record unless authorized by the written consent of the person to whom it pertains, or as otherwise permitted by 42 CFR part 2. A general authorization for the release of medical or other information is NOT sufficient for this purpose (see 42 CFR 2.31). The Federal rules restrict any use of the information to investigate or prosecute with regard to a crime any patient with a substance use disorder, except as provided at 42 CFR 2.12(c)(5) and 2.65.";
