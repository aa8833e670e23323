ALTER TABLE "email_outbox" ADD COLUMN "enrolment_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "offer_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "consent_kind" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "without_consent" jsonb;--> statement-breakpoint
-- Seat emails already queued or sent: their person and enrolment (from the dedupe key
-- "seat:<enrolment>:<queue seq>:<enrolled|offered|out-of-turn>:<at, ms>") and, for an offer, the
-- deadline it states: the current offer's if it is the one the email was written for (made at that
-- instant), else '-infinity' (never an offer's deadline: an email still waiting is then given up).
UPDATE "email_outbox" o SET
  "enrolment_id" = e."id",
  "user_id" = e."user_id",
  "offer_expires_at" = CASE WHEN split_part(o."dedupe_key", ':', 4) = 'offered' THEN coalesce((
    SELECT d."offer_expires_at" FROM "enrolment_details" d
    WHERE d."enrolment_id" = e."id"
      AND (extract(epoch from d."offered_at") * 1000)::bigint = split_part(o."dedupe_key", ':', 5)::bigint), '-infinity'::timestamptz) END
FROM "enrolments" e
WHERE o."dedupe_key" ~ '^seat:[0-9a-f-]{36}:[0-9]+:(enrolled|offered|out-of-turn):[0-9]+$'
  AND e."id" = split_part(o."dedupe_key", ':', 2)::uuid;--> statement-breakpoint
-- Absence alerts already queued or sent: the person, group and recipient (from the dedupe key
-- "attendance:absence-alert:<alert>:<recipient>"); one that carries the person's address depends on
-- their facilitator_contact consent (no rendering without it: given up if that consent has ended).
UPDATE "email_outbox" o SET
  "user_id" = a."user_id",
  "group_id" = a."group_id",
  "recipient_id" = split_part(o."dedupe_key", ':', 4)::uuid,
  "consent_kind" = CASE WHEN position(lower(u."email") in lower(o."text_body")) > 0 THEN 'facilitator_contact' END
FROM "absence_alerts" a JOIN "users" u ON u."id" = a."user_id"
WHERE o."dedupe_key" ~ '^attendance:absence-alert:[0-9a-f-]{36}:[0-9a-f-]{36}$'
  AND a."id" = split_part(o."dedupe_key", ':', 3)::uuid;--> statement-breakpoint
-- Plan review reminders to staff already queued or sent: the participant and the recipient (from
-- the dedupe key "plans:review-due:<plan>:<due on>:<recipient>"; the participant's own copy is not
-- a staff email).
UPDATE "email_outbox" o SET
  "user_id" = sp."participant_id",
  "recipient_id" = split_part(o."dedupe_key", ':', 5)::uuid
FROM "service_plans" sp
WHERE o."dedupe_key" ~ '^plans:review-due:[0-9a-f-]{36}:[0-9-]+:[0-9a-f-]{36}$'
  AND sp."id" = split_part(o."dedupe_key", ':', 3)::uuid
  AND sp."participant_id" <> split_part(o."dedupe_key", ':', 5)::uuid;
