-- A cohort's facilitator (series_assignments, role 'facilitator': the person a scheduling round
-- assigned to lead that series) decides whose sessions the cohort's are: groups.sessionLedBy for
-- clash checks, and the metrics facilitator filter for every past figure. The assignment carries
-- no dates, so it is kept fixed once any of the series' sessions has started: adding, changing or
-- removing a cohort's facilitator then is refused, and the figures already shown for a past
-- session never move to someone else. Deleting the series itself (or its group) still removes its
-- assignments.
CREATE OR REPLACE FUNCTION series_facilitator_fixed() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.role = 'facilitator'
     AND EXISTS (SELECT 1 FROM series WHERE id = OLD.series_id)
     AND EXISTS (SELECT 1 FROM sessions WHERE series_id = OLD.series_id AND starts_at <= now()) THEN
    RAISE EXCEPTION 'A cohort''s facilitator cannot change once its sessions have started (series %).', OLD.series_id
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.role = 'facilitator'
     AND (TG_OP = 'INSERT' OR OLD.role IS DISTINCT FROM NEW.role OR OLD.user_id <> NEW.user_id OR OLD.series_id <> NEW.series_id)
     AND EXISTS (SELECT 1 FROM sessions WHERE series_id = NEW.series_id AND starts_at <= now()) THEN
    RAISE EXCEPTION 'A cohort''s facilitator cannot change once its sessions have started (series %).', NEW.series_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER series_facilitator_fixed BEFORE INSERT OR UPDATE OR DELETE ON series_assignments
  FOR EACH ROW EXECUTE FUNCTION series_facilitator_fixed();
