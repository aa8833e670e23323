ALTER TYPE "public"."metrics_outcome_domain" ADD VALUE 'other';--> statement-breakpoint
CREATE TABLE "custom_outcome_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"instrument" text NOT NULL,
	"standard_instrument" boolean DEFAULT false NOT NULL,
	"score_min" integer NOT NULL,
	"score_max" integer NOT NULL,
	"higher_is_better" boolean NOT NULL,
	"retired_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_outcome_measures_range" CHECK ("custom_outcome_measures"."score_max" > "custom_outcome_measures"."score_min")
);
--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD COLUMN "custom_measure_id" uuid;--> statement-breakpoint
ALTER TABLE "custom_outcome_measures" ADD CONSTRAINT "custom_outcome_measures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_outcome_measures" ADD CONSTRAINT "custom_outcome_measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_outcome_measures_org_name" ON "custom_outcome_measures" USING btree ("organization_id",lower("name"));--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_custom_measure_id_custom_outcome_measures_id_fk" FOREIGN KEY ("custom_measure_id") REFERENCES "public"."custom_outcome_measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_measures_custom" ON "outcome_measures" USING btree ("custom_measure_id");--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_other_has_measure" CHECK (("outcome_measures"."domain"::text = 'other') = ("outcome_measures"."custom_measure_id" is not null));