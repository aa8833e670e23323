ALTER TABLE "enrolments" ADD COLUMN "restarted_at" timestamp with time zone;--> statement-breakpoint
-- A person who withdrew (or declined an offer) and registered again kept their first start: the
-- same row went back to 'enrolled'. The start of each such current stay is the latest
-- re-registration the audit trail records (registerForGroup audits 'enrolment.register' with the
-- status before it); rows never registered again keep null (the first stay, from created_at).
UPDATE "enrolments" e SET "restarted_at" = r.at
FROM (
  SELECT a.subject_id, max(a.at) AS at FROM "audit_events" a
  WHERE a.action = 'enrolment.register' AND a.subject_type = 'enrolment' AND a.before ->> 'status' IN ('withdrawn', 'declined')
  GROUP BY a.subject_id
) r
WHERE r.subject_id = e.id::text;
