ALTER TABLE "email_outbox" ADD COLUMN "to_user_id" uuid;--> statement-breakpoint
-- Messages already queued whose recipient account is known: a session reminder's or a seat
-- email's person (user_id), a staff email's recipient (recipient_id). Other queued messages keep
-- their literal address (nothing tells an account's message from a literal one).
UPDATE "email_outbox" SET "to_user_id" = coalesce("recipient_id", "user_id") WHERE "user_id" IS NOT NULL AND "status" = 'pending';
