-- Metrics rollups are kept fresh incrementally: statement-level triggers (with transition tables,
-- so a bulk INSERT ... SELECT costs one extra statement) record which (group, local day) pairs
-- changed in metrics_rollup_dirty; the metrics module rebuilds exactly those pairs before it reads.
-- The local day is the civil date in the organisation's zone (period boundaries are local midnights).
CREATE OR REPLACE FUNCTION metrics_dirty_sessions_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT n.organization_id, n.group_id, (n.starts_at AT TIME ZONE o.timezone)::date
    FROM metrics_new_sessions n JOIN organizations o ON o.id = n.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_sessions_old() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT d.organization_id, d.group_id, (d.starts_at AT TIME ZONE o.timezone)::date
    FROM metrics_old_sessions d JOIN organizations o ON o.id = d.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_sessions_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT x.organization_id, x.group_id, (x.starts_at AT TIME ZONE o.timezone)::date
    FROM (
      SELECT n.organization_id, n.group_id, n.starts_at FROM metrics_new_sessions n JOIN metrics_old_sessions d ON d.id = n.id
        WHERE (n.starts_at, n.ends_at, n.status, n.group_id) IS DISTINCT FROM (d.starts_at, d.ends_at, d.status, d.group_id)
      UNION ALL
      SELECT d.organization_id, d.group_id, d.starts_at FROM metrics_new_sessions n JOIN metrics_old_sessions d ON d.id = n.id
        WHERE (n.starts_at, n.ends_at, n.status, n.group_id) IS DISTINCT FROM (d.starts_at, d.ends_at, d.status, d.group_id)
    ) x JOIN organizations o ON o.id = x.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER metrics_sessions_insert AFTER INSERT ON sessions
  REFERENCING NEW TABLE AS metrics_new_sessions FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_sessions_new();
--> statement-breakpoint
CREATE TRIGGER metrics_sessions_delete AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS metrics_old_sessions FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_sessions_old();
--> statement-breakpoint
CREATE TRIGGER metrics_sessions_update AFTER UPDATE ON sessions
  REFERENCING NEW TABLE AS metrics_new_sessions OLD TABLE AS metrics_old_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_sessions_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_marks_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
    FROM (SELECT DISTINCT session_id FROM metrics_new_marks) n
    JOIN sessions s ON s.id = n.session_id JOIN organizations o ON o.id = s.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_marks_old() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
    FROM (SELECT DISTINCT session_id FROM metrics_old_marks) d
    JOIN sessions s ON s.id = d.session_id JOIN organizations o ON o.id = s.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_marks_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
    FROM (
      SELECT n.session_id FROM metrics_new_marks n JOIN metrics_old_marks d ON d.id = n.id
        WHERE (n.status, n.walk_in, n.arrived_at, n.left_at, n.session_id, n.user_id)
          IS DISTINCT FROM (d.status, d.walk_in, d.arrived_at, d.left_at, d.session_id, d.user_id)
      UNION
      SELECT d.session_id FROM metrics_new_marks n JOIN metrics_old_marks d ON d.id = n.id
        WHERE (n.status, n.walk_in, n.arrived_at, n.left_at, n.session_id, n.user_id)
          IS DISTINCT FROM (d.status, d.walk_in, d.arrived_at, d.left_at, d.session_id, d.user_id)
    ) c
    JOIN sessions s ON s.id = c.session_id JOIN organizations o ON o.id = s.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER metrics_marks_insert AFTER INSERT ON attendance_records
  REFERENCING NEW TABLE AS metrics_new_marks FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_marks_new();
--> statement-breakpoint
CREATE TRIGGER metrics_marks_delete AFTER DELETE ON attendance_records
  REFERENCING OLD TABLE AS metrics_old_marks FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_marks_old();
--> statement-breakpoint
CREATE TRIGGER metrics_marks_update AFTER UPDATE ON attendance_records
  REFERENCING NEW TABLE AS metrics_new_marks OLD TABLE AS metrics_old_marks
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_marks_changed();
--> statement-breakpoint
-- A new organisation zone moves every local-day boundary: rebuild the organisation's rollups.
CREATE OR REPLACE FUNCTION metrics_dirty_org_zone() RETURNS trigger AS $$
BEGIN
  IF NEW.timezone IS DISTINCT FROM OLD.timezone THEN
    DELETE FROM metrics_group_days WHERE organization_id = NEW.id;
    DELETE FROM metrics_participant_starts WHERE organization_id = NEW.id;
    INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
      SELECT DISTINCT organization_id, group_id, (starts_at AT TIME ZONE NEW.timezone)::date
      FROM sessions WHERE organization_id = NEW.id
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER metrics_org_zone AFTER UPDATE OF timezone ON organizations
  FOR EACH ROW EXECUTE FUNCTION metrics_dirty_org_zone();
--> statement-breakpoint
-- Lookups by session with the status at hand, so counting marks over a period needs no heap visits for the common case.
CREATE INDEX metrics_attendance_session_status ON attendance_records (session_id) INCLUDE (user_id, status);
