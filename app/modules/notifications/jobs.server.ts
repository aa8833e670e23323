import { db } from "~/db/client.server";
import { compactDataVersions } from "~/db/derived.server";
import { queueReminders } from "~/modules/calendar/mutations.server";
import { runCompetencyExpiry } from "~/modules/competency/jobs.server";
import { flagMissingAttendance, holdSessionsMarkedBeforeStart, raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { sendPlanReviewReminders } from "~/modules/plans/jobs.server";
import { flagUnsignedNotes } from "~/modules/records/jobs.server";
import { processWaitlists, withdrawPlacesOfDeactivatedMembers } from "~/modules/registration/mutations.server";
import { alertOverdueConcerns, releaseAnonymousFeedback, sendFeedbackInvitations } from "~/modules/voice/jobs.server";
import { pruneOldRecords } from "./retention.server";
import { queueCheckInTexts, queueReminderTexts } from "./sms/jobs.server";
import type { Job } from "./worker.server";

/**
 * Periodic jobs of the worker. Each capability adds its own (reminders, alerts). The worker runs
 * each once per tick for the whole cluster (job_runs); each stays idempotent (dedupe keys, SKIP
 * LOCKED) all the same, since a slow tick may overlap the next.
 */
export function backgroundJobs(): Job[] {
  return [
    // Calendar: one reminder per person per session, `reminder_hours` before (default 24 h).
    { name: "session-reminders", run: (now) => queueReminders(now) },
    // Competency: expiry reminders at 60/30/7 days (once each), expiry, flags on affected sessions.
    { name: "competency-expiry", run: (now) => runCompetencyExpiry(now) },
    // Attendance: one alert per run of N unexcused absences; a session whose attendance was taken
    // before its start is held once it starts; a flag 24 h after a session with no attendance.
    { name: "attendance-absence-alerts", run: (now) => raiseAbsenceAlerts(now) },
    { name: "attendance-hold-marked-sessions", run: (now) => holdSessionsMarkedBeforeStart(now) },
    { name: "attendance-missing", run: (now) => flagMissingAttendance(now) },
    // Service records: a group note still unsigned 72 h after a session held with attendance is flagged once.
    { name: "records-unsigned-notes", run: (now) => flagUnsignedNotes(now) },
    // Service plans: one reminder per review date, a week before it, to the participant and their facilitators.
    { name: "plans-review-reminders", run: (now) => sendPlanReviewReminders(now) },
    // Voice: feedback invitations after held sessions (once each), release of anonymous answers
    // whose window closed, and one alert to managers per overdue concern.
    { name: "voice-feedback-invitations", run: (now) => sendFeedbackInvitations(now) },
    { name: "voice-release-anonymous", run: (now) => releaseAnonymousFeedback({ now }) },
    { name: "voice-overdue-concerns", run: (now) => alertOverdueConcerns(now) },
    // Text messages (to confirmed, opted-in numbers that did not text STOP): a reminder per person
    // per session within their reminder lead time, and a check-in link when check-in opens.
    { name: "sms-session-reminders", run: (now) => queueReminderTexts(now) },
    { name: "sms-checkin-links", run: (now) => queueCheckInTexts(now) },
    // Registration: lapsed seat offers pass to the next person; seats freed elsewhere are filled.
    { name: "registration-waitlists", run: (now) => processWaitlists(now) },
    // Places still held by people whose membership was deactivated (before deactivation gave them
    // up) are given up as deactivation does; each freed seat goes to the next person waiting.
    { name: "registration-deactivated-places", run: (now) => withdrawPlacesOfDeactivatedMembers(now) },
    // Retention: sent mail, old sign-in attempts, expired sessions and tokens (periods in retention.server.ts).
    { name: "retention", run: (now) => pruneOldRecords(now) },
    // Stored figures: each organisation's data-change rows folded into one (the version is unchanged).
    { name: "derived-data-versions", run: () => compactDataVersions(db) },
  ];
}
