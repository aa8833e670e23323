CREATE TABLE "sms_opt_outs" (
	"e164" text PRIMARY KEY NOT NULL,
	"stopped_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sms_opt_outs_e164_format" CHECK ("sms_opt_outs"."e164" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
INSERT INTO "sms_opt_outs" ("e164", "stopped_at") SELECT "e164", min("stopped_at") FROM "user_phones" WHERE "stopped_at" IS NOT NULL GROUP BY "e164" ON CONFLICT DO NOTHING;
