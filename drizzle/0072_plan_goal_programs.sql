-- A person's plan is read by program (42 CFR Part 2, as progress notes and contacts): a goal filed
-- under no program is read by managers and the person only. Goals written before staff had to
-- choose a program get one where it can be told: first the program of the groups the goal's
-- writer led, when they wrote it, with the person enrolled in them then (exactly one program);
-- else the program of the groups the goal plans (its interventions' and services' groups, exactly
-- one program). Goals where neither is unambiguous stay under no program.
UPDATE "participant_goals" pg SET "program_id" = attributed.program_id
FROM (
  SELECT g2.id, min(gr.program_id::text)::uuid AS program_id
  FROM "participant_goals" g2
  JOIN "group_facilitator_periods" gfp ON gfp.user_id = g2.created_by AND gfp.started_at <= g2.created_at AND (gfp.ended_at IS NULL OR gfp.ended_at > g2.created_at)
  JOIN "groups" gr ON gr.id = gfp.group_id AND gr.organization_id = g2.organization_id
  JOIN "enrolments" e ON e.group_id = gr.id AND e.user_id = g2.participant_id AND e.created_at <= g2.created_at
    AND e.status NOT IN ('waitlisted', 'offered', 'declined', 'interested')
    AND (e.status = 'enrolled' OR e.updated_at > g2.created_at)
  WHERE g2.program_id IS NULL
  GROUP BY g2.id
  HAVING count(DISTINCT gr.program_id) = 1
) attributed
WHERE pg.id = attributed.id;--> statement-breakpoint
UPDATE "participant_goals" pg SET "program_id" = planned.program_id
FROM (
  SELECT p.goal_id AS id, min(gr.program_id::text)::uuid AS program_id
  FROM (
    SELECT i.goal_id, i.group_id FROM "goal_interventions" i WHERE i.group_id IS NOT NULL
    UNION SELECT o.goal_id, ps.group_id FROM "goal_objectives" o JOIN "plan_services" ps ON ps.objective_id = o.id
  ) p
  JOIN "participant_goals" g2 ON g2.id = p.goal_id AND g2.program_id IS NULL
  JOIN "groups" gr ON gr.id = p.group_id AND gr.organization_id = g2.organization_id
  GROUP BY p.goal_id
  HAVING count(DISTINCT gr.program_id) = 1
) planned
WHERE pg.id = planned.id;
