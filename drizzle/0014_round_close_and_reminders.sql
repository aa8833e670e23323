ALTER TABLE "round_invitees" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "round_invitees" ADD COLUMN "reminders" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "scheduling_rounds" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scheduling_rounds" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "scheduling_rounds" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "scheduling_rounds" ADD CONSTRAINT "scheduling_rounds_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;