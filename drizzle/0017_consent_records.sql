CREATE TYPE "public"."consent_kind" AS ENUM('participation', 'facilitator_contact', 'classmates');--> statement-breakpoint
CREATE TYPE "public"."consent_source" AS ENUM('self', 'staff_verbal', 'staff_pending', 'legacy_intake');--> statement-breakpoint
CREATE TYPE "public"."consent_status" AS ENUM('given', 'refused', 'pending');--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "consent_kind" NOT NULL,
	"group_id" uuid,
	"status" "consent_status" NOT NULL,
	"purpose" text NOT NULL,
	"wording_version" text NOT NULL,
	"wording" text NOT NULL,
	"source" "consent_source" NOT NULL,
	"recorded_by" uuid,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"ended_reason" text
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consents_current" ON "consents" USING btree ("user_id","kind",coalesce("group_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "consents"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "consents_org_user" ON "consents" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "consents_group_kind" ON "consents" USING btree ("group_id","kind");--> statement-breakpoint
-- Today's intake booleans become consent records, worded as the old form worded them ("v1-legacy"),
-- given by the participant at the time of their intake. The old form never asked about classmates,
-- so nobody is shown to classmates until they say yes.
INSERT INTO "consents" ("organization_id", "user_id", "kind", "group_id", "status", "purpose", "wording_version", "wording", "source", "recorded_by", "given_at")
SELECT i."organization_id", i."user_id", 'participation', i."group_id",
  CASE WHEN i."consent_participation" THEN 'given' ELSE 'refused' END::"consent_status",
  'Taking part in the group.', 'v1-legacy', 'I agree to take part in this group',
  'legacy_intake', i."submitted_by", i."created_at"
FROM "intakes" i;
--> statement-breakpoint
INSERT INTO "consents" ("organization_id", "user_id", "kind", "group_id", "status", "purpose", "wording_version", "wording", "source", "recorded_by", "given_at")
SELECT i."organization_id", i."user_id", 'facilitator_contact', i."group_id",
  CASE WHEN i."consent_roster_sharing" THEN 'given' ELSE 'refused' END::"consent_status",
  'So the facilitators can plan sessions and reach you if a session changes.', 'v1-legacy',
  'The group''s facilitators may see that I am on the list (name and how to contact me)',
  'legacy_intake', i."submitted_by", i."created_at"
FROM "intakes" i;
