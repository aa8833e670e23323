ALTER TABLE "sms_outbox" ADD COLUMN "session_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "session_starts_at" timestamp with time zone;--> statement-breakpoint
-- Reminders and check-in links already queued or sent: their session (from the dedupe key
-- "sms:<kind>:<session>:<user>") and its start now, and the key the app now writes (with that
-- start in milliseconds), so the job does not text them a second time.
UPDATE "sms_outbox" o SET
  "session_id" = s."id",
  "session_starts_at" = s."starts_at",
  "dedupe_key" = o."dedupe_key" || ':' || (extract(epoch from s."starts_at") * 1000)::bigint
FROM "sessions" s
WHERE o."kind" IN ('reminder', 'checkin')
  AND o."dedupe_key" ~ '^sms:(reminder|checkin):[0-9a-f-]{36}:[0-9a-f-]{36}$'
  AND s."id" = split_part(o."dedupe_key", ':', 3)::uuid;
