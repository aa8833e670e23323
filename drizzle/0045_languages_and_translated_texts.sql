CREATE TABLE "translated_texts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid,
	"language" text NOT NULL,
	"text" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "translated_texts_one_per_language" UNIQUE NULLS NOT DISTINCT("organization_id","kind","subject_id","language"),
	CONSTRAINT "translated_texts_kind" CHECK ("translated_texts"."kind" in ('crisis_text', 'group_description', 'feedback_question', 'group_rule')),
	CONSTRAINT "translated_texts_language" CHECK ("translated_texts"."language" ~ '^[a-z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_locale_style";--> statement-breakpoint
ALTER TABLE "translated_texts" ADD CONSTRAINT "translated_texts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translated_texts" ADD CONSTRAINT "translated_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "translated_texts_subject" ON "translated_texts" USING btree ("subject_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale_style" CHECK ("users"."locale" in ('en-US', 'en-GB', 'es-ES', 'es-US'));