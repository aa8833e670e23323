-- Feedback answers arrive after a session: they also mark the session's (group, local day) stale.
CREATE OR REPLACE FUNCTION metrics_dirty_receipts_new() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
    FROM (SELECT DISTINCT session_id FROM metrics_new_receipts) n
    JOIN sessions s ON s.id = n.session_id JOIN organizations o ON o.id = s.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_receipts_old() RETURNS trigger AS $$
BEGIN
  INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
    SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
    FROM (SELECT DISTINCT session_id FROM metrics_old_receipts) d
    JOIN sessions s ON s.id = d.session_id JOIN organizations o ON o.id = s.organization_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER metrics_receipts_insert AFTER INSERT ON feedback_receipts
  REFERENCING NEW TABLE AS metrics_new_receipts FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_receipts_new();
--> statement-breakpoint
CREATE TRIGGER metrics_receipts_delete AFTER DELETE ON feedback_receipts
  REFERENCING OLD TABLE AS metrics_old_receipts FOR EACH STATEMENT EXECUTE FUNCTION metrics_dirty_receipts_old();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_dirty_org_zone() RETURNS trigger AS $$
BEGIN
  IF NEW.timezone IS DISTINCT FROM OLD.timezone THEN
    DELETE FROM metrics_group_days WHERE organization_id = NEW.id;
    DELETE FROM metrics_group_months WHERE organization_id = NEW.id;
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
-- Rebuild every existing rollup once (the new monthly table and feedback column start empty).
INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
  SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
  FROM sessions s JOIN organizations o ON o.id = s.organization_id
  ON CONFLICT DO NOTHING;
