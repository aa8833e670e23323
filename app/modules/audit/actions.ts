/**
 * The closed list of audit actions. A new kind of event is added here first: `audit()` accepts
 * only these names, so a misspelt action is a type error instead of a new, unsearchable action in
 * the trail, and the audit viewer can offer the whole list as a filter. Pure: no database.
 */
export const AUDIT_ACTIONS = [
  "account.email_confirm",
  "account.password_change",
  "account.password_reset",
  "account.signup",
  "attendance.absence_alert",
  "attendance.alert_dismissed",
  "attendance.apology",
  "attendance.apology_withdrawn",
  "attendance.check_in",
  "attendance.correct",
  "attendance.csv_export",
  "attendance.mark",
  "attendance.settings",
  "attendance.sheet_view",
  "attendance.walk_in",
  "audit.exported",
  "availability.confirm",
  "availability.exception.add",
  "availability.exception.remove",
  "availability.update",
  "calendar_feed.create",
  "calendar_feed.revoke",
  "certificate.downloaded",
  "certificate.issued",
  "competency.caseload_limit.remove",
  "competency.caseload_limit.set",
  "competency.evidence.read",
  "competency.item.archive",
  "competency.item.create",
  "competency.item.restore",
  "competency.item.update",
  "competency.matrix.export",
  "competency.observation.create",
  "competency.override.caseload",
  "competency.override.competency",
  "competency.record.assess",
  "competency.record.evidence.note",
  "competency.record.evidence.upload",
  "competency.record.expire",
  "competency.record.open",
  "competency.record.return",
  "competency.record.verify",
  "competency.settings.update",
  "competency.supervision.create",
  "competency.supervisor.set",
  "completion.criteria_set",
  "completion.progress_viewed",
  "concern.create",
  "concern.exported",
  "concern.read",
  "concern.respond",
  "concern.status",
  "consent.attest_verbal",
  "consent.give",
  "consent.pending",
  "consent.refuse",
  "consent.revoke",
  "consent.sms_start",
  "consent.sms_stop",
  "contact.addendum",
  "contact.create",
  "contact.sign",
  "contact.update",
  "contact.viewed",
  "curriculum.assign_in_order",
  "curriculum.copy",
  "curriculum.material_add",
  "curriculum.material_remove",
  "curriculum.unit_add",
  "curriculum.unit_archive",
  "curriculum.unit_move",
  "curriculum.unit_restore",
  "curriculum.unit_update",
  "demographics.categories",
  "demographics.coverage_update",
  "demographics.medicaid_exported",
  "demographics.update",
  "demographics.viewed",
  "discharge_summary.viewed",
  "enrolment.accept_offer",
  "enrolment.complete",
  "enrolment.decline_offer",
  "enrolment.discharge",
  "enrolment.offer",
  "enrolment.offer_lapsed",
  "enrolment.outcome_undone",
  "enrolment.promote",
  "enrolment.register",
  "enrolment.remove",
  "enrolment.seat_out_of_turn",
  "enrolment.transfer",
  "enrolment.undo_withdraw",
  "enrolment.waitlist",
  "enrolment.withdraw",
  "evidence.exported",
  "evidence.viewed",
  "feedback.report.exported",
  "feedback.report.view",
  "funder_report.delete",
  "funder_report.exported",
  "funder_report.save",
  "goal.create",
  "goal.note",
  "goal.objective_status",
  "goal.own_words",
  "goal.plan_viewed",
  "goal.status",
  "goal.update",
  "group.capacity",
  "group.create",
  "group.update",
  "group_note.addendum",
  "group_note.create",
  "group_note.overdue_flag",
  "group_note.sign",
  "group_note.update",
  "incident.action_add",
  "incident.action_done",
  "incident.close",
  "incident.create",
  "intake.exported",
  "intake.list",
  "intake.review",
  "intake.view",
  "invitation.accept",
  "invitation.create",
  "invitation.resend",
  "invitation.revoke",
  "letter.downloaded",
  "letter.issued",
  "logic_model.line_add",
  "logic_model.line_remove",
  "logic_model.save",
  "membership.deactivate",
  "membership.reactivate",
  "membership.role_change",
  "metrics.exported",
  "metrics.rows_viewed",
  "metrics.settings",
  "organization.create",
  "organization.update",
  "outcome.record",
  "outcome_measure.define",
  "outcome_measure.edit",
  "outcome_measure.reinstate",
  "outcome_measure.retire",
  "person.create_walk_in",
  "plan.history_viewed",
  "plan.intervention_add",
  "plan.intervention_remove",
  "plan.objective_add",
  "plan.objective_update",
  "plan.proposal_accept",
  "plan.proposal_create",
  "plan.proposal_reply",
  "plan.report_exported",
  "plan.report_viewed",
  "plan.review",
  "plan.review_reminder",
  "plan.save",
  "plan.service_add",
  "plan.service_remove",
  "profile.email_change",
  "profile.phone_add",
  "profile.phone_confirm",
  "profile.phone_remove",
  "profile.update",
  "program.create",
  "program.update",
  "progress_note.addendum",
  "progress_note.create",
  "progress_note.sign",
  "progress_note.update",
  "progress_note.viewed",
  "proposal.create",
  "proposal.decide",
  "proposal.edit",
  "proposal.hide",
  "proposal.restore",
  "proposal_comment.hide",
  "proposal_comment.restore",
  "records.report_exported",
  "records.settings",
  "referral.create",
  "referral.exported",
  "referral.outcome",
  "release.list_viewed",
  "release.paper_recorded",
  "release.paper_viewed",
  "release.revoked",
  "release.signed",
  "resource.create",
  "resource.export",
  "resource.import",
  "resource.update",
  "roster.exported",
  "roster.viewed",
  "rules.publish",
  "scheduling_round.adjust",
  "scheduling_round.close",
  "scheduling_round.create",
  "scheduling_round.publish",
  "scheduling_round.remind",
  "scheduling_round.reset_plan",
  "series.create",
  "session.cancel",
  "session.held",
  "session.move",
  "session.organization_entered",
  "session.organization_left",
  "session.unit_change",
  "translation.save",
  "voice.change.publish",
  "voice.settings.update",
  "waitlist.settings",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export function isAuditAction(value: string): value is AuditAction {
  return KNOWN.has(value);
}

/** One attendance row as the trail keeps it (instants as ISO strings). */
export type AttendanceAuditSnapshot = {
  status: string;
  arrivedAt: string | null;
  leftAt: string | null;
  note: string;
  apologyReason: string;
  walkIn: boolean;
  source?: string;
};

type Change<Before, After> = { before?: Before; after?: After };
type Status = { status: string };
type AttendanceChange = Change<AttendanceAuditSnapshot | null, AttendanceAuditSnapshot>;

/**
 * The shape of `before` and `after` for the actions whose details readers (the viewer, the
 * disclosure history, tests) rely on. Actions not listed here take any JSON value.
 */
interface TypedChanges {
  "attendance.mark": AttendanceChange;
  "attendance.correct": AttendanceChange;
  "attendance.check_in": AttendanceChange;
  "attendance.apology": AttendanceChange;
  "attendance.walk_in": AttendanceChange;
  "goal.status": Change<Status, Status>;
  "goal.objective_status": Change<Status, Status>;
  "goal.note": Change<never, { noteId: string }>;
  "goal.own_words": Change<never, never>;
  "goal.plan_viewed": Change<never, never>;
  "resource.export": Change<never, { rows: number }>;
  "session.organization_entered": Change<never, { role: string }>;
  "session.organization_left": Change<never, { role: string }>;
  "logic_model.line_add": Change<never, { lineId: string } & Record<string, unknown>>;
  "metrics.settings": Change<never, Record<string, unknown>>;
  "outcome_measure.define": Change<never, CustomMeasureFields>;
  "outcome_measure.edit": Change<CustomMeasureFields, CustomMeasureFields>;
  "metrics.rows_viewed": Change<never, Record<string, unknown>>;
  "metrics.exported": Change<never, Record<string, unknown>>;
  "evidence.viewed": Change<never, Record<string, unknown>>;
  "evidence.exported": Change<never, Record<string, unknown>>;
  "group_note.update": Change<NoteFields, NoteFields>;
  "progress_note.update": Change<NoteFields, NoteFields>;
  "group_note.addendum": Change<never, { addendumId: string; body: string }>;
  "progress_note.addendum": Change<never, { addendumId: string; body: string }>;
  "progress_note.viewed": Change<never, { page: string }>;
  "contact.update": Change<NoteFields, NoteFields>;
  "contact.addendum": Change<never, { addendumId: string; body: string }>;
  "plan.save": Change<PlanFields, PlanFields>;
  "plan.objective_update": Change<ObjectiveFields, ObjectiveFields>;
}

/** A service plan's own fields as the trail keeps them (only the fields that changed). */
type PlanFields = Partial<{ strengths: string; barriers: string; needs: string; nextReviewOn: string | null }>;

/** An objective's written fields as the trail keeps them (only the fields that changed). */
type ObjectiveFields = Partial<{ description: string; measure: string }>;

/** An organisation-defined outcome measure as the trail keeps it (metrics/custom-measures). */
type CustomMeasureFields = { name: string; instrument: string; standardInstrument: boolean; scoreMin: number; scoreMax: number; higherIsBetter: boolean };

/** A note's text fields as the trail keeps them before and after a draft is edited. */
type NoteFields = Record<string, string | number | null>;

/** `before` / `after` for an action: typed where listed above, any value otherwise. */
export type AuditChange<A extends AuditAction> = A extends keyof TypedChanges ? TypedChanges[A] : Change<unknown, unknown>;
