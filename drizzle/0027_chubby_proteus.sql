CREATE TABLE "competency_caseload_limits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"role" text,
	"item_id" uuid,
	"max_groups" integer,
	"max_participants" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competency_caseload_limits_one_basis" CHECK (("competency_caseload_limits"."role" is null) <> ("competency_caseload_limits"."item_id" is null))
);
--> statement-breakpoint
CREATE TABLE "competency_supervision_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"peer_worker_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"topics" text NOT NULL,
	"follow_ups" text DEFAULT '' NOT NULL,
	"mentoring" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competency_supervision_minutes" CHECK ("competency_supervision_entries"."minutes" between 1 and 600),
	CONSTRAINT "competency_supervision_not_self" CHECK ("competency_supervision_entries"."supervisor_id" <> "competency_supervision_entries"."peer_worker_id")
);
--> statement-breakpoint
ALTER TABLE "competency_settings" ADD COLUMN "urgent_participant_weight" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "competency_caseload_limits" ADD CONSTRAINT "competency_caseload_limits_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_caseload_limits" ADD CONSTRAINT "competency_caseload_limits_item_id_competency_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."competency_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervision_entries" ADD CONSTRAINT "competency_supervision_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervision_entries" ADD CONSTRAINT "competency_supervision_entries_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervision_entries" ADD CONSTRAINT "competency_supervision_entries_peer_worker_id_users_id_fk" FOREIGN KEY ("peer_worker_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_supervision_entries" ADD CONSTRAINT "competency_supervision_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "competency_caseload_limits_role" ON "competency_caseload_limits" USING btree ("organization_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_caseload_limits_item" ON "competency_caseload_limits" USING btree ("organization_id","item_id");--> statement-breakpoint
CREATE INDEX "competency_supervision_org_held" ON "competency_supervision_entries" USING btree ("organization_id","held_on");--> statement-breakpoint
CREATE INDEX "competency_supervision_peer" ON "competency_supervision_entries" USING btree ("organization_id","peer_worker_id");