import enAuth from "~/locales/en/auth.json";
import enCommon from "~/locales/en/common.json";
import enEmail from "~/locales/en/email.json";
import enMy from "~/locales/en/my.json";
import enProfile from "~/locales/en/profile.json";
import enPublic from "~/locales/en/public.json";
import enRegistration from "~/locales/en/registration.json";
import enVoice from "~/locales/en/voice.json";
import enAttendance from "~/locales/en/attendance.json";
import enRecords from "~/locales/en/records.json";
import enManage from "~/locales/en/manage.json";
import enMetrics from "~/locales/en/metrics.json";
import enCompetency from "~/locales/en/competency.json";
import enAdmin from "~/locales/en/admin.json";
import enParticipant from "~/locales/en/participant.json";
import enDocuments from "~/locales/en/documents.json";
import enOutcomes from "~/locales/en/outcomes.json";
import type { LanguageResources } from "~/i18n/resources";

/** The English catalogs (app/locales/en/), one module: the browser loads only the page's language. */
export const resources: LanguageResources = {
  catalog: { auth: enAuth, common: enCommon, email: enEmail, my: enMy, profile: enProfile, public: enPublic, registration: enRegistration, voice: enVoice, attendance: enAttendance, records: enRecords, manage: enManage, metrics: enMetrics, competency: enCompetency, admin: enAdmin, participant: enParticipant, documents: enDocuments, outcomes: enOutcomes },
  messages: {},
};
