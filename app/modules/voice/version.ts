import { fieldsChangedSince, fieldsVersion } from "~/modules/forms/versions";

/**
 * The version of the organisation's feedback settings as their page showed them
 * (modules/forms/versions.ts): the rating questions in order and the two windows, by their form
 * names. Two managers rewording the questions each send the whole list, so the second save is
 * refused, naming what the first changed, instead of writing its old list over theirs.
 */
export const VOICE_SETTINGS_VERSION_FIELDS = ["questions", "feedbackWindowDays", "concernResponseDays"] as const;
type SavedVoiceSettings = { questions: readonly string[]; feedbackWindowDays: number; concernResponseDays: number };

const versioned = (s: SavedVoiceSettings) => ({ questions: s.questions.join("\n"), feedbackWindowDays: s.feedbackWindowDays, concernResponseDays: s.concernResponseDays });

export const voiceSettingsVersion = (s: SavedVoiceSettings) => fieldsVersion(VOICE_SETTINGS_VERSION_FIELDS, versioned(s));

export const voiceSettingsChangedSince = (shownVersion: string, s: SavedVoiceSettings) => fieldsChangedSince(VOICE_SETTINGS_VERSION_FIELDS, shownVersion, versioned(s));
