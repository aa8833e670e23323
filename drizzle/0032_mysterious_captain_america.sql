CREATE TYPE "public"."discharge_reason" AS ENUM('completed', 'withdrew', 'no_longer_attending', 'referred_elsewhere', 'other');--> statement-breakpoint
CREATE TYPE "public"."enrolment_outcome" AS ENUM('completed', 'discharged', 'transferred');--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'completed';--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'discharged';--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'transferred';--> statement-breakpoint
CREATE TABLE "completion_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"participant_name" text NOT NULL,
	"program_name" text NOT NULL,
	"organization_name" text NOT NULL,
	"started_on" date NOT NULL,
	"completed_on" date NOT NULL,
	"hours_attended" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "completion_certificates_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "completion_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid,
	"group_id" uuid,
	"min_sessions_attended" integer NOT NULL,
	"max_unexcused_absences" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "completion_criteria_one_owner" CHECK (("completion_criteria"."program_id" is null) <> ("completion_criteria"."group_id" is null)),
	CONSTRAINT "completion_criteria_min" CHECK ("completion_criteria"."min_sessions_attended" between 1 and 500),
	CONSTRAINT "completion_criteria_max_absences" CHECK ("completion_criteria"."max_unexcused_absences" is null or "completion_criteria"."max_unexcused_absences" between 0 and 500)
);
--> statement-breakpoint
CREATE TABLE "enrolment_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"outcome" "enrolment_outcome" NOT NULL,
	"reason" "discharge_reason",
	"reason_text" text DEFAULT '' NOT NULL,
	"transferred_to_group_id" uuid,
	"ended_on" date NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"participant_comment" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "enrolment_outcomes_reason" CHECK (("enrolment_outcomes"."outcome" = 'discharged') = ("enrolment_outcomes"."reason" is not null)),
	CONSTRAINT "enrolment_outcomes_transfer" CHECK (("enrolment_outcomes"."outcome" = 'transferred') = ("enrolment_outcomes"."transferred_to_group_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "completion_certificates" ADD CONSTRAINT "completion_certificates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_certificates" ADD CONSTRAINT "completion_certificates_outcome_id_enrolment_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."enrolment_outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_certificates" ADD CONSTRAINT "completion_certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_certificates" ADD CONSTRAINT "completion_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_criteria" ADD CONSTRAINT "completion_criteria_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_criteria" ADD CONSTRAINT "completion_criteria_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_criteria" ADD CONSTRAINT "completion_criteria_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_criteria" ADD CONSTRAINT "completion_criteria_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_transferred_to_group_id_groups_id_fk" FOREIGN KEY ("transferred_to_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_outcomes" ADD CONSTRAINT "enrolment_outcomes_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "completion_certificates_outcome" ON "completion_certificates" USING btree ("outcome_id") WHERE "completion_certificates"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "completion_certificates_org" ON "completion_certificates" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "completion_criteria_program" ON "completion_criteria" USING btree ("program_id") WHERE "completion_criteria"."group_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "completion_criteria_group" ON "completion_criteria" USING btree ("group_id") WHERE "completion_criteria"."group_id" is not null;--> statement-breakpoint
CREATE INDEX "completion_criteria_org" ON "completion_criteria" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolment_outcomes_current" ON "enrolment_outcomes" USING btree ("enrolment_id") WHERE "enrolment_outcomes"."undone_at" is null;--> statement-breakpoint
CREATE INDEX "enrolment_outcomes_org_group" ON "enrolment_outcomes" USING btree ("organization_id","group_id");--> statement-breakpoint
CREATE INDEX "enrolment_outcomes_user" ON "enrolment_outcomes" USING btree ("user_id");