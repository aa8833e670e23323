CREATE TABLE "funder_report_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"period_rule" text NOT NULL,
	"fixed_from" date,
	"fixed_to" date,
	"program_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funder_report_definitions_rule" CHECK ("funder_report_definitions"."period_rule" in ('last_month', 'last_quarter', 'last_year', 'year_to_date', 'last_12_months', 'fixed')),
	CONSTRAINT "funder_report_definitions_fixed" CHECK (("funder_report_definitions"."period_rule" = 'fixed') = ("funder_report_definitions"."fixed_from" is not null and "funder_report_definitions"."fixed_to" is not null)),
	CONSTRAINT "funder_report_definitions_order" CHECK ("funder_report_definitions"."fixed_from" is null or "funder_report_definitions"."fixed_from" <= "funder_report_definitions"."fixed_to"),
	CONSTRAINT "funder_report_definitions_name_length" CHECK (length("funder_report_definitions"."name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "participant_coverage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"payer" text,
	"medicaid_id" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participant_coverage_payer" CHECK ("participant_coverage"."payer" is null or "participant_coverage"."payer" in ('medicaid', 'medicare', 'private', 'other_public', 'uninsured', 'other', 'prefer_not_to_say')),
	CONSTRAINT "participant_coverage_medicaid_id" CHECK ("participant_coverage"."medicaid_id" is null or "participant_coverage"."medicaid_id" ~ '^[A-Z0-9]{4,20}$')
);
--> statement-breakpoint
CREATE TABLE "participant_demographics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"birth_date" date,
	"age_band" text,
	"gender" text,
	"race_ethnicity" text[],
	"primary_language" text,
	"zip_code" text,
	"veteran_status" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participant_demographics_age_one" CHECK ("participant_demographics"."birth_date" is null or "participant_demographics"."age_band" is null),
	CONSTRAINT "participant_demographics_age_band" CHECK ("participant_demographics"."age_band" is null or "participant_demographics"."age_band" in ('under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'prefer_not_to_say')),
	CONSTRAINT "participant_demographics_gender" CHECK ("participant_demographics"."gender" is null or "participant_demographics"."gender" in ('woman', 'man', 'transgender_woman', 'transgender_man', 'non_binary', 'another', 'prefer_not_to_say')),
	CONSTRAINT "participant_demographics_race" CHECK ("participant_demographics"."race_ethnicity" is null or (cardinality("participant_demographics"."race_ethnicity") between 1 and 20 and (not ('prefer_not_to_say' = any("participant_demographics"."race_ethnicity")) or cardinality("participant_demographics"."race_ethnicity") = 1))),
	CONSTRAINT "participant_demographics_zip" CHECK ("participant_demographics"."zip_code" is null or "participant_demographics"."zip_code" ~ '^[0-9]{5}(-[0-9]{4})?$' or "participant_demographics"."zip_code" = 'prefer_not_to_say'),
	CONSTRAINT "participant_demographics_veteran" CHECK ("participant_demographics"."veteran_status" is null or "participant_demographics"."veteran_status" in ('veteran', 'not_veteran', 'prefer_not_to_say')),
	CONSTRAINT "participant_demographics_language" CHECK ("participant_demographics"."primary_language" is null or "participant_demographics"."primary_language" ~ '^[a-z_]{2,20}$')
);
--> statement-breakpoint
CREATE TABLE "race_ethnicity_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "race_ethnicity_categories_key_shape" CHECK ("race_ethnicity_categories"."key" ~ '^[a-z0-9_]{2,60}$' and "race_ethnicity_categories"."key" <> 'prefer_not_to_say'),
	CONSTRAINT "race_ethnicity_categories_label" CHECK (length("race_ethnicity_categories"."label") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "funder_report_definitions" ADD CONSTRAINT "funder_report_definitions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funder_report_definitions" ADD CONSTRAINT "funder_report_definitions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_coverage" ADD CONSTRAINT "participant_coverage_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_coverage" ADD CONSTRAINT "participant_coverage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_coverage" ADD CONSTRAINT "participant_coverage_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_demographics" ADD CONSTRAINT "participant_demographics_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_demographics" ADD CONSTRAINT "participant_demographics_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_demographics" ADD CONSTRAINT "participant_demographics_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_ethnicity_categories" ADD CONSTRAINT "race_ethnicity_categories_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "funder_report_definitions_name" ON "funder_report_definitions" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "funder_report_definitions_org" ON "funder_report_definitions" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participant_coverage_person" ON "participant_coverage" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participant_demographics_person" ON "participant_demographics" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "race_ethnicity_categories_key" ON "race_ethnicity_categories" USING btree ("organization_id","key");