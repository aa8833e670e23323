ALTER TABLE "email_outbox" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "session_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "session_starts_at" timestamp with time zone;--> statement-breakpoint
-- Session reminders already queued or sent: their person and session (from the dedupe key
-- "reminder:<session>:<user>"), the session's start now, and the key the app now writes (with
-- that start in milliseconds), so the job does not email them a second time.
UPDATE "email_outbox" o SET
  "user_id" = split_part(o."dedupe_key", ':', 3)::uuid,
  "session_id" = s."id",
  "session_starts_at" = s."starts_at",
  "dedupe_key" = o."dedupe_key" || ':' || (extract(epoch from s."starts_at") * 1000)::bigint
FROM "sessions" s
WHERE o."dedupe_key" ~ '^reminder:[0-9a-f-]{36}:[0-9a-f-]{36}$'
  AND s."id" = split_part(o."dedupe_key", ':', 2)::uuid;
