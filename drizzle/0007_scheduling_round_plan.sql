ALTER TABLE "scheduling_rounds" ADD COLUMN "plan" jsonb;--> statement-breakpoint
ALTER TABLE "scheduling_rounds" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;