CREATE TYPE "public"."metrics_goal_status" AS ENUM('active', 'achieved', 'revised', 'discontinued');--> statement-breakpoint
CREATE TYPE "public"."metrics_logic_line_kind" AS ENUM('output', 'outcome');--> statement-breakpoint
CREATE TYPE "public"."metrics_objective_status" AS ENUM('not_started', 'in_progress', 'met', 'not_met');--> statement-breakpoint
CREATE TYPE "public"."metrics_outcome_domain" AS ENUM('functional_status', 'health_welfare_safety', 'permanency', 'quality_of_life', 'goal_achievement');--> statement-breakpoint
CREATE TYPE "public"."metrics_outcome_phase" AS ENUM('intake', 'interval', 'exit');--> statement-breakpoint
CREATE TABLE "goal_interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"group_id" uuid,
	"session_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"author_id" uuid,
	"by_participant" boolean NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"description" text NOT NULL,
	"measure" text DEFAULT '' NOT NULL,
	"status" "metrics_objective_status" DEFAULT 'not_started' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "logic_model_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" "metrics_logic_line_kind" NOT NULL,
	"description" text NOT NULL,
	"metric_key" text,
	"target" double precision,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "logic_models" (
	"program_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"inputs" text DEFAULT '' NOT NULL,
	"activities" text DEFAULT '' NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics_group_days" (
	"group_id" uuid NOT NULL,
	"day" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"sessions_total" integer NOT NULL,
	"sessions_held" integer NOT NULL,
	"sessions_cancelled" integer NOT NULL,
	"marks_attended" integer NOT NULL,
	"marks_absent" integer NOT NULL,
	"marks_excused" integer NOT NULL,
	"walk_ins" integer NOT NULL,
	"participant_minutes" bigint NOT NULL,
	CONSTRAINT "metrics_group_days_group_id_day_pk" PRIMARY KEY("group_id","day")
);
--> statement-breakpoint
CREATE TABLE "metrics_participant_starts" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"first_session_id" uuid NOT NULL,
	"first_starts_at" timestamp with time zone NOT NULL,
	"first_day" date NOT NULL,
	CONSTRAINT "metrics_participant_starts_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "metrics_rollup_dirty" (
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "metrics_rollup_dirty_group_id_day_pk" PRIMARY KEY("group_id","day")
);
--> statement-breakpoint
CREATE TABLE "metrics_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"scale_min" integer DEFAULT 1 NOT NULL,
	"scale_max" integer DEFAULT 5 NOT NULL,
	"scale_description" text DEFAULT '1 = very poor, 5 = very good' NOT NULL,
	"retention_attended" integer DEFAULT 3 NOT NULL,
	"retention_of" integer DEFAULT 4 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"domain" "metrics_outcome_domain" NOT NULL,
	"phase" "metrics_outcome_phase" NOT NULL,
	"score" integer NOT NULL,
	"measured_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"program_id" uuid,
	"title" text NOT NULL,
	"participant_words" text DEFAULT '' NOT NULL,
	"target_date" date,
	"status" "metrics_goal_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "goal_interventions" ADD CONSTRAINT "goal_interventions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_interventions" ADD CONSTRAINT "goal_interventions_goal_id_participant_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."participant_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_interventions" ADD CONSTRAINT "goal_interventions_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_interventions" ADD CONSTRAINT "goal_interventions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_notes" ADD CONSTRAINT "goal_notes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_notes" ADD CONSTRAINT "goal_notes_goal_id_participant_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."participant_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_notes" ADD CONSTRAINT "goal_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_objectives" ADD CONSTRAINT "goal_objectives_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_objectives" ADD CONSTRAINT "goal_objectives_goal_id_participant_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."participant_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logic_model_lines" ADD CONSTRAINT "logic_model_lines_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logic_model_lines" ADD CONSTRAINT "logic_model_lines_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logic_models" ADD CONSTRAINT "logic_models_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logic_models" ADD CONSTRAINT "logic_models_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logic_models" ADD CONSTRAINT "logic_models_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_group_days" ADD CONSTRAINT "metrics_group_days_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_group_days" ADD CONSTRAINT "metrics_group_days_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_participant_starts" ADD CONSTRAINT "metrics_participant_starts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_participant_starts" ADD CONSTRAINT "metrics_participant_starts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_participant_starts" ADD CONSTRAINT "metrics_participant_starts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_settings" ADD CONSTRAINT "metrics_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_participant_id_users_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_goals" ADD CONSTRAINT "participant_goals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_goals" ADD CONSTRAINT "participant_goals_participant_id_users_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_goals" ADD CONSTRAINT "participant_goals_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_goals" ADD CONSTRAINT "participant_goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goal_interventions_goal" ON "goal_interventions" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "goal_notes_goal" ON "goal_notes" USING btree ("goal_id","created_at");--> statement-breakpoint
CREATE INDEX "goal_objectives_goal" ON "goal_objectives" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "logic_model_lines_program" ON "logic_model_lines" USING btree ("program_id","kind","position");--> statement-breakpoint
CREATE INDEX "metrics_group_days_org_day" ON "metrics_group_days" USING btree ("organization_id","day");--> statement-breakpoint
CREATE INDEX "metrics_participant_starts_org_day" ON "metrics_participant_starts" USING btree ("organization_id","first_day");--> statement-breakpoint
CREATE INDEX "metrics_rollup_dirty_org" ON "metrics_rollup_dirty" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "outcome_measures_org_program" ON "outcome_measures" USING btree ("organization_id","program_id","measured_on");--> statement-breakpoint
CREATE INDEX "outcome_measures_participant" ON "outcome_measures" USING btree ("participant_id","domain","measured_on");--> statement-breakpoint
CREATE INDEX "participant_goals_participant" ON "participant_goals" USING btree ("organization_id","participant_id");