-- The absence-alert job costs what changed (issue 20). Statement-level triggers (transition
-- tables: a bulk write costs one extra statement) queue every (group, person) whose absence run a
-- write may have changed; the job reads only those people. Due at once, or — for a mark on a
-- session that has not started — at the session's start (the rule counts only started sessions).
CREATE OR REPLACE FUNCTION absence_queue_due(starts_at timestamptz) RETURNS timestamptz AS $$
  SELECT CASE WHEN starts_at > now() THEN starts_at ELSE '-infinity'::timestamptz END
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- An absence recorded: it may complete a run.
CREATE OR REPLACE FUNCTION absence_queue_marks_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT n.organization_id, n.group_id, n.user_id, absence_queue_due(s.starts_at)
    FROM absence_new_marks n JOIN sessions s ON s.id = n.session_id
    WHERE n.status = 'absent';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A mark changed to or from an absence (or an absence touched again, which renews its 21 days).
CREATE OR REPLACE FUNCTION absence_queue_marks_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT n.organization_id, n.group_id, n.user_id, absence_queue_due(s.starts_at)
    FROM absence_new_marks n JOIN absence_old_marks d ON d.id = n.id JOIN sessions s ON s.id = n.session_id
    WHERE n.status = 'absent' OR d.status = 'absent' OR n.session_id <> d.session_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A mark removed: a present mark that ended a run no longer does.
CREATE OR REPLACE FUNCTION absence_queue_marks_old() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT d.organization_id, d.group_id, d.user_id, '-infinity'::timestamptz FROM absence_old_marks d;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER absence_queue_marks_insert AFTER INSERT ON attendance_records
  REFERENCING NEW TABLE AS absence_new_marks FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_marks_new();
--> statement-breakpoint
CREATE TRIGGER absence_queue_marks_update AFTER UPDATE ON attendance_records
  REFERENCING NEW TABLE AS absence_new_marks OLD TABLE AS absence_old_marks
  FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_marks_changed();
--> statement-breakpoint
CREATE TRIGGER absence_queue_marks_delete AFTER DELETE ON attendance_records
  REFERENCING OLD TABLE AS absence_old_marks FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_marks_old();
--> statement-breakpoint
-- A session cancelled or restored, or moved: everyone marked at it, now and (if it moved ahead) at its new start.
CREATE OR REPLACE FUNCTION absence_queue_sessions_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT r.organization_id, r.group_id, r.user_id, due.at
    FROM absence_new_sessions n JOIN absence_old_sessions d ON d.id = n.id
    JOIN attendance_records r ON r.session_id = n.id
    CROSS JOIN LATERAL (VALUES ('-infinity'::timestamptz), (absence_queue_due(n.starts_at))) due(at)
    WHERE (n.status = 'cancelled') IS DISTINCT FROM (d.status = 'cancelled') OR n.starts_at <> d.starts_at;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER absence_queue_sessions_update AFTER UPDATE ON sessions
  REFERENCING NEW TABLE AS absence_new_sessions OLD TABLE AS absence_old_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_sessions_changed();
--> statement-breakpoint
-- Enrolled (again): only people with an absence in the group can have a run.
CREATE OR REPLACE FUNCTION absence_queue_enrolments_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT n.organization_id, n.group_id, n.user_id, '-infinity'::timestamptz FROM absence_new_enrolments n
    WHERE n.status = 'enrolled'
      AND EXISTS (SELECT 1 FROM attendance_records r WHERE r.group_id = n.group_id AND r.user_id = n.user_id AND r.status = 'absent');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION absence_queue_enrolments_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT n.organization_id, n.group_id, n.user_id, '-infinity'::timestamptz
    FROM absence_new_enrolments n JOIN absence_old_enrolments d ON d.id = n.id
    WHERE n.status = 'enrolled' AND (d.status <> 'enrolled' OR d.group_id <> n.group_id OR d.user_id <> n.user_id)
      AND EXISTS (SELECT 1 FROM attendance_records r WHERE r.group_id = n.group_id AND r.user_id = n.user_id AND r.status = 'absent');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER absence_queue_enrolments_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS absence_new_enrolments FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_enrolments_new();
--> statement-breakpoint
CREATE TRIGGER absence_queue_enrolments_update AFTER UPDATE ON enrolments
  REFERENCING NEW TABLE AS absence_new_enrolments OLD TABLE AS absence_old_enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_enrolments_changed();
--> statement-breakpoint
-- A group's threshold set, changed or removed (back to the default): everyone enrolled with an absence there.
CREATE OR REPLACE FUNCTION absence_queue_settings_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT e.organization_id, e.group_id, e.user_id, '-infinity'::timestamptz
    FROM (SELECT group_id FROM absence_new_settings) n JOIN enrolments e ON e.group_id = n.group_id AND e.status = 'enrolled'
    WHERE EXISTS (SELECT 1 FROM attendance_records r WHERE r.group_id = e.group_id AND r.user_id = e.user_id AND r.status = 'absent');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION absence_queue_settings_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT e.organization_id, e.group_id, e.user_id, '-infinity'::timestamptz
    FROM absence_new_settings n JOIN absence_old_settings d ON d.group_id = n.group_id
    JOIN enrolments e ON e.group_id = n.group_id AND e.status = 'enrolled'
    WHERE n.absence_alert_after <> d.absence_alert_after
      AND EXISTS (SELECT 1 FROM attendance_records r WHERE r.group_id = e.group_id AND r.user_id = e.user_id AND r.status = 'absent');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION absence_queue_settings_old() RETURNS trigger AS $$
BEGIN
  INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
    SELECT DISTINCT e.organization_id, e.group_id, e.user_id, '-infinity'::timestamptz
    FROM (SELECT group_id FROM absence_old_settings) d JOIN enrolments e ON e.group_id = d.group_id AND e.status = 'enrolled'
    WHERE EXISTS (SELECT 1 FROM attendance_records r WHERE r.group_id = e.group_id AND r.user_id = e.user_id AND r.status = 'absent');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER absence_queue_settings_insert AFTER INSERT ON attendance_settings
  REFERENCING NEW TABLE AS absence_new_settings FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_settings_new();
--> statement-breakpoint
CREATE TRIGGER absence_queue_settings_update AFTER UPDATE ON attendance_settings
  REFERENCING NEW TABLE AS absence_new_settings OLD TABLE AS absence_old_settings
  FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_settings_changed();
--> statement-breakpoint
CREATE TRIGGER absence_queue_settings_delete AFTER DELETE ON attendance_settings
  REFERENCING OLD TABLE AS absence_old_settings FOR EACH STATEMENT EXECUTE FUNCTION absence_queue_settings_old();
--> statement-breakpoint
-- Start where the old job's scan stood: everyone with an absence recorded or changed in the last 21 days.
INSERT INTO absence_alert_queue (organization_id, group_id, user_id, due_at)
  SELECT DISTINCT r.organization_id, r.group_id, r.user_id, absence_queue_due(s.starts_at)
  FROM attendance_records r JOIN sessions s ON s.id = r.session_id
  WHERE r.status = 'absent' AND r.updated_at >= now() - interval '21 days';
--> statement-breakpoint
-- Data versions for stored figures (issue 20): every write to a table that the evidence page or
-- the metrics dashboard reads adds a row to org_data_changes for each organisation it touched, so
-- the sum of n over an organisation's rows changes with every committed write (a figure stored
-- under one sum is never served under another). Statement-level: a bulk write adds one row per
-- organisation. The metrics rollups are left out: they are derived from tables listed here.
CREATE OR REPLACE FUNCTION org_data_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO org_data_changes (organization_id) SELECT DISTINCT organization_id FROM org_changed_rows;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'absence_alerts', 'attendance_records', 'availability_windows', 'competency_caseload_limits', 'competency_items',
    'competency_observations', 'competency_overrides', 'competency_records', 'competency_settings', 'competency_supervision_entries',
    'concerns', 'custom_outcome_measures', 'enrolment_details', 'enrolments', 'feedback_anonymous_answers', 'feedback_named_answers',
    'feedback_receipts', 'goal_objectives', 'group_facilitators', 'group_notes', 'groups', 'intakes', 'logic_model_lines', 'logic_models',
    'memberships', 'metrics_settings', 'outcome_measures', 'participant_goals', 'programs', 'progress_notes', 'proposals', 'referrals',
    'resources', 'round_invitees', 'rule_versions', 'scheduling_rounds', 'sessions', 'voice_changes', 'voice_settings'
  ] LOOP
    EXECUTE format('CREATE TRIGGER org_data_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- The organisation itself (its zone, crisis text): its id is the organisation.
CREATE OR REPLACE FUNCTION org_data_changed_self() RETURNS trigger AS $$
BEGIN
  INSERT INTO org_data_changes (organization_id) SELECT DISTINCT id FROM org_changed_rows;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER org_data_update AFTER UPDATE ON organizations
  REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed_self();
--> statement-breakpoint
-- A person's name or address (shown in gap lists and filters): every organisation they belong to.
CREATE OR REPLACE FUNCTION org_data_changed_person() RETURNS trigger AS $$
BEGIN
  INSERT INTO org_data_changes (organization_id)
    SELECT DISTINCT m.organization_id FROM org_changed_rows n JOIN org_old_rows d ON d.id = n.id JOIN memberships m ON m.user_id = n.id
    WHERE (n.name, n.email) IS DISTINCT FROM (d.name, d.email);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER org_data_update AFTER UPDATE ON users
  REFERENCING NEW TABLE AS org_changed_rows OLD TABLE AS org_old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed_person();
