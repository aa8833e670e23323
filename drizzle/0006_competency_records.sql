CREATE TYPE "public"."competency_evidence_kind" AS ENUM('note', 'observation', 'upload');--> statement-breakpoint
CREATE TYPE "public"."competency_item_kind" AS ENUM('competency', 'training', 'certification');--> statement-breakpoint
CREATE TYPE "public"."competency_status" AS ENUM('not_started', 'in_progress', 'demonstrated', 'verified', 'expired');--> statement-breakpoint
CREATE TYPE "public"."concern_author" AS ENUM('submitter', 'staff');--> statement-breakpoint
CREATE TYPE "public"."concern_status" AS ENUM('received', 'in_review', 'responded', 'closed');--> statement-breakpoint
CREATE TYPE "public"."concern_subject" AS ENUM('session', 'group', 'facilitator', 'program');--> statement-breakpoint
CREATE TYPE "public"."proposal_outcome" AS ENUM('adopted', 'adopted_with_changes', 'not_adopted');--> statement-breakpoint
CREATE TYPE "public"."proposal_scope" AS ENUM('group', 'program');--> statement-breakpoint
CREATE TYPE "public"."proposal_topic" AS ENUM('rules', 'topics', 'format', 'times', 'place', 'decision');--> statement-breakpoint
CREATE TYPE "public"."proposal_voting" AS ENUM('agree', 'options');--> statement-breakpoint
CREATE TABLE "competency_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" "competency_evidence_kind" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"observation_id" uuid,
	"file_name" text,
	"content_type" text,
	"size_bytes" integer,
	"content" "bytea",
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"standard" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" "competency_item_kind" NOT NULL,
	"required_for_group_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"required_for_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"validity_months" integer,
	"accepted_evidence" text[] DEFAULT '{note}'::text[] NOT NULL,
	"observable" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_observation_ratings" (
	"observation_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "competency_observation_ratings_observation_id_item_id_pk" PRIMARY KEY("observation_id","item_id"),
	CONSTRAINT "competency_rating_range" CHECK ("competency_observation_ratings"."rating" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "competency_observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"observer_id" uuid,
	"session_id" uuid NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"group_id" uuid,
	"session_id" uuid,
	"group_kind" text NOT NULL,
	"rule" text NOT NULL,
	"details" jsonb NOT NULL,
	"reason" text NOT NULL,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"group_id" uuid,
	"group_name" text NOT NULL,
	"group_kind" text NOT NULL,
	"proposed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"status" "competency_status" DEFAULT 'not_started' NOT NULL,
	"achieved_on" date,
	"expires_on" date,
	"assessed_by" uuid,
	"assessed_at" timestamp with time zone,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competency_records_not_self_verified" CHECK ("competency_records"."verified_by" is null or "competency_records"."verified_by" <> "competency_records"."user_id")
);
--> statement-breakpoint
CREATE TABLE "competency_session_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"expired_on" date NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"max_groups_per_facilitator" integer,
	"max_participants_per_facilitator" integer,
	"default_supervisor_id" uuid,
	"framework_installed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_supervisors" (
	"organization_id" uuid NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competency_supervisors_organization_id_facilitator_id_pk" PRIMARY KEY("organization_id","facilitator_id")
);
--> statement-breakpoint
CREATE TABLE "concern_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"concern_id" uuid NOT NULL,
	"author" "concern_author" NOT NULL,
	"staff_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"subject" "concern_subject" NOT NULL,
	"session_id" uuid,
	"group_id" uuid,
	"program_id" uuid,
	"facilitator_id" uuid,
	"submitter_id" uuid,
	"anonymous" boolean NOT NULL,
	"follow_up_token_hash" text,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"status" "concern_status" DEFAULT 'received' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concerns_follow_up_token_hash_unique" UNIQUE("follow_up_token_hash")
);
--> statement-breakpoint
CREATE TABLE "feedback_anonymous_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_anonymous_inbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_named_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"prompt" text NOT NULL,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_receipts" (
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "feedback_receipts_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_votes" (
	"proposal_id" uuid NOT NULL,
	"voter_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"choice" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_votes_proposal_id_voter_id_pk" PRIMARY KEY("proposal_id","voter_id")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"scope" "proposal_scope" NOT NULL,
	"program_id" uuid NOT NULL,
	"group_id" uuid,
	"topic" "proposal_topic" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"voting" "proposal_voting" NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"anonymous_votes" boolean DEFAULT false NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"proposer_id" uuid,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text DEFAULT '' NOT NULL,
	"hidden_by" uuid,
	"outcome" "proposal_outcome",
	"decision_text" text DEFAULT '' NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"scope" "proposal_scope" NOT NULL,
	"program_id" uuid NOT NULL,
	"group_id" uuid,
	"target_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"change_summary" text NOT NULL,
	"proposal_id" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid,
	"program_id" uuid,
	"you_said" text NOT NULL,
	"we_did" text NOT NULL,
	"proposal_id" uuid,
	"concern_id" uuid,
	"feedback_group_id" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"concern_response_days" integer DEFAULT 5 NOT NULL,
	"feedback_window_days" integer DEFAULT 14 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "competency_evidence" ADD CONSTRAINT "competency_evidence_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_evidence" ADD CONSTRAINT "competency_evidence_record_id_competency_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."competency_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_evidence" ADD CONSTRAINT "competency_evidence_observation_id_competency_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."competency_observations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_evidence" ADD CONSTRAINT "competency_evidence_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_items" ADD CONSTRAINT "competency_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observation_ratings" ADD CONSTRAINT "competency_observation_ratings_observation_id_competency_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."competency_observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observation_ratings" ADD CONSTRAINT "competency_observation_ratings_item_id_competency_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."competency_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observation_ratings" ADD CONSTRAINT "competency_observation_ratings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observations" ADD CONSTRAINT "competency_observations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observations" ADD CONSTRAINT "competency_observations_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observations" ADD CONSTRAINT "competency_observations_observer_id_users_id_fk" FOREIGN KEY ("observer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_observations" ADD CONSTRAINT "competency_observations_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_overrides" ADD CONSTRAINT "competency_overrides_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_overrides" ADD CONSTRAINT "competency_overrides_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_overrides" ADD CONSTRAINT "competency_overrides_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_overrides" ADD CONSTRAINT "competency_overrides_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_overrides" ADD CONSTRAINT "competency_overrides_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_proposals" ADD CONSTRAINT "competency_proposals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_proposals" ADD CONSTRAINT "competency_proposals_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_proposals" ADD CONSTRAINT "competency_proposals_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_proposals" ADD CONSTRAINT "competency_proposals_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_records" ADD CONSTRAINT "competency_records_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_records" ADD CONSTRAINT "competency_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_records" ADD CONSTRAINT "competency_records_item_id_competency_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."competency_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_records" ADD CONSTRAINT "competency_records_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_records" ADD CONSTRAINT "competency_records_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_session_flags" ADD CONSTRAINT "competency_session_flags_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_session_flags" ADD CONSTRAINT "competency_session_flags_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_session_flags" ADD CONSTRAINT "competency_session_flags_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_session_flags" ADD CONSTRAINT "competency_session_flags_record_id_competency_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."competency_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_settings" ADD CONSTRAINT "competency_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_settings" ADD CONSTRAINT "competency_settings_default_supervisor_id_users_id_fk" FOREIGN KEY ("default_supervisor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervisors" ADD CONSTRAINT "competency_supervisors_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervisors" ADD CONSTRAINT "competency_supervisors_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervisors" ADD CONSTRAINT "competency_supervisors_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_messages" ADD CONSTRAINT "concern_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_messages" ADD CONSTRAINT "concern_messages_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_messages" ADD CONSTRAINT "concern_messages_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_submitter_id_users_id_fk" FOREIGN KEY ("submitter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_answers" ADD CONSTRAINT "feedback_anonymous_answers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_answers" ADD CONSTRAINT "feedback_anonymous_answers_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_answers" ADD CONSTRAINT "feedback_anonymous_answers_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_inbox" ADD CONSTRAINT "feedback_anonymous_inbox_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_inbox" ADD CONSTRAINT "feedback_anonymous_inbox_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_anonymous_inbox" ADD CONSTRAINT "feedback_anonymous_inbox_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD CONSTRAINT "feedback_named_answers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD CONSTRAINT "feedback_named_answers_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD CONSTRAINT "feedback_named_answers_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD CONSTRAINT "feedback_named_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_questions" ADD CONSTRAINT "feedback_questions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_receipts" ADD CONSTRAINT "feedback_receipts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_receipts" ADD CONSTRAINT "feedback_receipts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_receipts" ADD CONSTRAINT "feedback_receipts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_proposer_id_users_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_feedback_group_id_groups_id_fk" FOREIGN KEY ("feedback_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_changes" ADD CONSTRAINT "voice_changes_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_settings" ADD CONSTRAINT "voice_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "competency_evidence_record" ON "competency_evidence" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_items_org_code" ON "competency_items" USING btree ("organization_id","code");--> statement-breakpoint
CREATE INDEX "competency_observations_facilitator" ON "competency_observations" USING btree ("organization_id","facilitator_id");--> statement-breakpoint
CREATE INDEX "competency_observations_session" ON "competency_observations" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "competency_overrides_org_at" ON "competency_overrides" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "competency_proposals_facilitator" ON "competency_proposals" USING btree ("organization_id","facilitator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_records_user_item" ON "competency_records" USING btree ("user_id","item_id");--> statement-breakpoint
CREATE INDEX "competency_records_org_expires" ON "competency_records" USING btree ("organization_id","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_session_flags_once" ON "competency_session_flags" USING btree ("session_id","facilitator_id","record_id","expired_on");--> statement-breakpoint
CREATE INDEX "competency_session_flags_org" ON "competency_session_flags" USING btree ("organization_id","resolved_at");--> statement-breakpoint
CREATE INDEX "competency_supervisors_supervisor" ON "competency_supervisors" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "concern_messages_concern" ON "concern_messages" USING btree ("concern_id","created_at");--> statement-breakpoint
CREATE INDEX "concerns_org_status" ON "concerns" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "concerns_submitter" ON "concerns" USING btree ("submitter_id");--> statement-breakpoint
CREATE INDEX "feedback_anonymous_answers_session" ON "feedback_anonymous_answers" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "feedback_anonymous_answers_group" ON "feedback_anonymous_answers" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "feedback_anonymous_inbox_session" ON "feedback_anonymous_inbox" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_named_answers_session_user" ON "feedback_named_answers" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE INDEX "feedback_named_answers_group" ON "feedback_named_answers" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "feedback_questions_org" ON "feedback_questions" USING btree ("organization_id","position");--> statement-breakpoint
CREATE INDEX "feedback_receipts_user" ON "feedback_receipts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "proposal_comments_proposal" ON "proposal_comments" USING btree ("proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_org_created" ON "proposals" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_group" ON "proposals" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "proposals_program" ON "proposals" USING btree ("program_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_versions_target_version" ON "rule_versions" USING btree ("target_id","version");--> statement-breakpoint
CREATE INDEX "rule_versions_org" ON "rule_versions" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "voice_changes_org_published" ON "voice_changes" USING btree ("organization_id","published_at");