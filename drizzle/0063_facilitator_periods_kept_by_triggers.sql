-- Who led a group when (group_facilitator_periods), kept by triggers on group_facilitators so that
-- every path that changes a group's facilitators (the group form, admin tools, seeds, future code)
-- records it without knowing about it.
--
-- An insert opens a period at now() (the transaction's start). A group save deletes its
-- facilitators and inserts them again: a person deleted and inserted again in one transaction keeps
-- the period the delete had just closed (its end is this transaction's now()), so keeping someone
-- never breaks their period. A period opened and closed in one transaction is removed (it lasted no
-- time). A group's first facilitators ever are taken to have led it from its beginning
-- ('-infinity'): before anyone was recorded, they are the best knowledge of who led its sessions
-- (seeds and imports add history before its facilitators).
CREATE OR REPLACE FUNCTION group_facilitator_period_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM group_facilitator_periods
      WHERE group_id = OLD.group_id AND user_id = OLD.user_id AND ended_at IS NULL AND started_at >= now();
    UPDATE group_facilitator_periods SET ended_at = now()
      WHERE group_id = OLD.group_id AND user_id = OLD.user_id AND ended_at IS NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE group_facilitator_periods SET ended_at = NULL
      WHERE group_id = NEW.group_id AND user_id = NEW.user_id AND ended_at = now();
    IF NOT FOUND THEN
      INSERT INTO group_facilitator_periods (organization_id, group_id, user_id, started_at)
        SELECT NEW.organization_id, NEW.group_id, NEW.user_id,
          CASE WHEN EXISTS (SELECT 1 FROM group_facilitator_periods p WHERE p.group_id = NEW.group_id) THEN now() ELSE '-infinity'::timestamptz END
        ON CONFLICT (group_id, user_id) WHERE ended_at IS NULL DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The periods of today's facilitators and of earlier ones, rebuilt from the audit trail: every
-- group form save records the facilitators after it (group.create, group.update: `after`), and an
-- update also those before it. For each group, these sets in time order; a person's period runs
-- from the first set naming them to the next set that does not (still open when the last one
-- names them). A period that starts with the group's first known set starts at '-infinity' (as
-- the trigger does for a group's first facilitators). Group saves rewrite group_facilitators, so
-- its created_at is only the last save; it is used only for a current facilitator whom the audit
-- trail does not explain (added by a path that records no group save, e.g. seeds): from
-- '-infinity' when their group has no other period, else from that row's creation. Someone the
-- trail names as leading who is no longer a facilitator (removed without a group save) is taken
-- to have led until this migration.
WITH events AS (
  SELECT g.id AS group_id, g.organization_id, a.at, a.id AS seq, a.action, a.before, a.after
  FROM audit_events a JOIN groups g ON g.id::text = a.subject_id
  WHERE a.subject_type = 'group' AND a.action IN ('group.create', 'group.update') AND jsonb_typeof(a.after -> 'facilitatorIds') = 'array'
),
first_events AS (
  SELECT DISTINCT ON (group_id) * FROM events ORDER BY group_id, at, seq
),
snapshots AS (
  SELECT group_id, organization_id, at, seq, after -> 'facilitatorIds' AS ids FROM events
  UNION ALL
  SELECT group_id, organization_id, '-infinity'::timestamptz, 0, before -> 'facilitatorIds' FROM first_events
  WHERE action = 'group.update' AND jsonb_typeof(before -> 'facilitatorIds') = 'array'
),
numbered AS (
  SELECT s.*, row_number() OVER w AS n, lead(at) OVER w AS next_at, count(*) OVER (PARTITION BY group_id) AS last_n
  FROM snapshots s WINDOW w AS (PARTITION BY group_id ORDER BY at, seq)
),
named AS (
  SELECT DISTINCT s.group_id, s.organization_id, u.id AS user_id, s.n, s.at, s.next_at, s.last_n
  FROM numbered s CROSS JOIN LATERAL jsonb_array_elements_text(s.ids) AS x(user_text)
  JOIN users u ON u.id::text = x.user_text
),
islands AS (
  SELECT *, n - row_number() OVER (PARTITION BY group_id, user_id ORDER BY n) AS island FROM named
),
runs AS (
  SELECT group_id, organization_id, user_id,
    CASE WHEN min(n) = 1 THEN '-infinity'::timestamptz ELSE min(at) END AS started_at,
    CASE WHEN max(n) = max(last_n) THEN NULL ELSE (array_agg(next_at ORDER BY n DESC))[1] END AS ended_at
  FROM islands GROUP BY group_id, organization_id, user_id, island
)
INSERT INTO group_facilitator_periods (organization_id, group_id, user_id, started_at, ended_at)
SELECT r.organization_id, r.group_id, r.user_id, r.started_at,
  CASE WHEN r.ended_at IS NOT NULL THEN r.ended_at
       WHEN EXISTS (SELECT 1 FROM group_facilitators gf WHERE gf.group_id = r.group_id AND gf.user_id = r.user_id) THEN NULL
       ELSE now() END
FROM runs r
WHERE r.ended_at IS NULL OR r.ended_at > r.started_at;
--> statement-breakpoint
INSERT INTO group_facilitator_periods (organization_id, group_id, user_id, started_at)
SELECT gf.organization_id, gf.group_id, gf.user_id,
  CASE WHEN NOT EXISTS (SELECT 1 FROM group_facilitator_periods p WHERE p.group_id = gf.group_id) THEN '-infinity'::timestamptz
       ELSE greatest(gf.created_at, coalesce((SELECT max(p.ended_at) FROM group_facilitator_periods p WHERE p.group_id = gf.group_id AND p.user_id = gf.user_id), '-infinity'::timestamptz)) END
FROM group_facilitators gf
WHERE NOT EXISTS (SELECT 1 FROM group_facilitator_periods p WHERE p.group_id = gf.group_id AND p.user_id = gf.user_id AND p.ended_at IS NULL);
--> statement-breakpoint
CREATE TRIGGER group_facilitator_periods_kept AFTER INSERT OR DELETE OR UPDATE OF group_id, user_id ON group_facilitators
  FOR EACH ROW EXECUTE FUNCTION group_facilitator_period_changed();
--> statement-breakpoint
-- The metrics pages read the periods: a write to them changes the organisation's data version (as
-- migration 0043 does for the other tables they read), so a stored dashboard is computed again.
CREATE TRIGGER org_data_insert AFTER INSERT ON group_facilitator_periods
  REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed();
--> statement-breakpoint
CREATE TRIGGER org_data_update AFTER UPDATE ON group_facilitator_periods
  REFERENCING NEW TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed();
--> statement-breakpoint
CREATE TRIGGER org_data_delete AFTER DELETE ON group_facilitator_periods
  REFERENCING OLD TABLE AS org_changed_rows FOR EACH STATEMENT EXECUTE FUNCTION org_data_changed();
