import esAuth from "~/locales/es/auth.json";
import esCommon from "~/locales/es/common.json";
import esEmail from "~/locales/es/email.json";
import esMy from "~/locales/es/my.json";
import esProfile from "~/locales/es/profile.json";
import esPublic from "~/locales/es/public.json";
import esRegistration from "~/locales/es/registration.json";
import esVoice from "~/locales/es/voice.json";
import esMessages from "~/locales/es/messages.json";
import esAttendance from "~/locales/es/attendance.json";
import esRecords from "~/locales/es/records.json";
import esManage from "~/locales/es/manage.json";
import esMetrics from "~/locales/es/metrics.json";
import esCompetency from "~/locales/es/competency.json";
import esAdmin from "~/locales/es/admin.json";
import esParticipant from "~/locales/es/participant.json";
import esDocuments from "~/locales/es/documents.json";
import esMessagesAttendance from "~/locales/es/messages-attendance.json";
import esMessagesRecords from "~/locales/es/messages-records.json";
import esMessagesManage from "~/locales/es/messages-manage.json";
import esMessagesMetrics from "~/locales/es/messages-metrics.json";
import esMessagesCompetency from "~/locales/es/messages-competency.json";
import esMessagesAdmin from "~/locales/es/messages-admin.json";
import esMessagesParticipant from "~/locales/es/messages-participant.json";
import esMessagesDocuments from "~/locales/es/messages-documents.json";
import esMessagesVoice from "~/locales/es/messages-voice.json";
import esOutcomes from "~/locales/es/outcomes.json";
import esMessagesOutcomes from "~/locales/es/messages-outcomes.json";
import type { LanguageResources } from "~/i18n/resources";

/** The Spanish catalogs (app/locales/es/), one module: the browser loads only the page's language. */
export const resources: LanguageResources = {
  catalog: { auth: esAuth, common: esCommon, email: esEmail, my: esMy, profile: esProfile, public: esPublic, registration: esRegistration, voice: esVoice, attendance: esAttendance, records: esRecords, manage: esManage, metrics: esMetrics, competency: esCompetency, admin: esAdmin, participant: esParticipant, documents: esDocuments, outcomes: esOutcomes },
  messages: { ...esMessages, ...esMessagesAttendance, ...esMessagesRecords, ...esMessagesManage, ...esMessagesMetrics, ...esMessagesCompetency, ...esMessagesAdmin, ...esMessagesParticipant, ...esMessagesDocuments, ...esMessagesVoice, ...esMessagesOutcomes },
};
