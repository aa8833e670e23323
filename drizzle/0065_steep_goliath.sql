ALTER TABLE "sms_outbox" ADD COLUMN "enrolment_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "offer_expires_at" timestamp with time zone;--> statement-breakpoint
-- Seat texts already queued or sent: their enrolment (from the dedupe key
-- "sms:seat:<enrolment>:<queue seq>:<enrolled|offered>:<offered at, ms>") and, for an offer, the
-- deadline it states: the current offer's if it is the one the text was written for (made at that
-- instant), else '-infinity' (never an offer's deadline: a text still waiting is then given up).
UPDATE "sms_outbox" o SET
  "enrolment_id" = split_part(o."dedupe_key", ':', 3)::uuid,
  "offer_expires_at" = CASE WHEN split_part(o."dedupe_key", ':', 5) = 'offered' THEN coalesce((
    SELECT d."offer_expires_at" FROM "enrolment_details" d
    WHERE d."enrolment_id" = split_part(o."dedupe_key", ':', 3)::uuid
      AND (extract(epoch from d."offered_at") * 1000)::bigint = split_part(o."dedupe_key", ':', 6)::bigint), '-infinity'::timestamptz) END
WHERE o."kind" = 'offer'
  AND o."dedupe_key" ~ '^sms:seat:[0-9a-f-]{36}:[0-9]+:(enrolled|offered):[0-9]+$';
