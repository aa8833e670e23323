ALTER TABLE "enrolments" ADD COLUMN "earlier_stay_ended_at" timestamp with time zone;--> statement-breakpoint
-- Rows already registered again: the earlier stay ended at the last withdrawal the audit trail
-- records before the re-registration (none: a declined offer, no earlier stay).
UPDATE "enrolments" e SET "earlier_stay_ended_at" = w.at
FROM (
  SELECT e2.id, max(a.at) AS at FROM "enrolments" e2
  JOIN "audit_events" a ON a.subject_type = 'enrolment' AND a.subject_id = e2.id::text AND a.action IN ('enrolment.withdraw', 'enrolment.remove') AND a.at < e2.restarted_at
  WHERE e2.restarted_at IS NOT NULL
  GROUP BY e2.id
) w
WHERE w.id = e.id;
