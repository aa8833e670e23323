-- The metrics facilitator filter now reads a cohort's facilitator (series_assignments) and which
-- groups meet as cohorts (series): the stored dashboard and evidence are served while the
-- organisation's data version is unchanged, so writes to these tables must change it too (as
-- migrations 0043 and 0060 do for the others).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['series', 'series_assignments'] LOOP
    EXECUTE format('CREATE TRIGGER org_data_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
  END LOOP;
END $$;
