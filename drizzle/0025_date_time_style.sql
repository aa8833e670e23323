-- Date and time style: only the styles the app renders honestly in English remain.
-- es-US read 12-hour times (US style); fr-FR read 24-hour times (the en-GB style).
UPDATE "users" SET "locale" = 'en-US' WHERE "locale" NOT IN ('en-US', 'en-GB', 'fr-FR');--> statement-breakpoint
UPDATE "users" SET "locale" = 'en-GB' WHERE "locale" = 'fr-FR';--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale_style" CHECK ("users"."locale" in ('en-US', 'en-GB'));
