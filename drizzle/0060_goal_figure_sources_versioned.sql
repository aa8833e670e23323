-- The metrics dashboard's goal figures under a group or facilitator filter now read the groups a
-- goal's plan names (goal_interventions, plan_services) and how enrolments ended
-- (enrolment_outcomes). The stored dashboard is served while the organisation's data version is
-- unchanged, so writes to these tables must change it too (as migration 0043 does for the others).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['goal_interventions', 'plan_services', 'enrolment_outcomes'] LOOP
    EXECUTE format('CREATE TRIGGER org_data_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
    EXECUTE format('CREATE TRIGGER org_data_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed()', t);
  END LOOP;
END $$;
