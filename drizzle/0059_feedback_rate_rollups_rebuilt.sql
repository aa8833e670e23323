-- The daily rollups now count only feedback answers from people marked in the room (an answer
-- whose giver's mark was later corrected to absent pushed the response rate over 100%). Rebuild
-- every (group, local day) that has feedback answers once, so stored figures follow the new rule.
INSERT INTO metrics_rollup_dirty (organization_id, group_id, day)
  SELECT DISTINCT s.organization_id, s.group_id, (s.starts_at AT TIME ZONE o.timezone)::date
  FROM feedback_receipts r JOIN sessions s ON s.id = r.session_id JOIN organizations o ON o.id = s.organization_id
  ON CONFLICT DO NOTHING;
