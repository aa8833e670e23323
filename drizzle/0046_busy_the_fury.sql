CREATE TYPE "public"."contact_mode" AS ENUM('in_person', 'phone', 'video');--> statement-breakpoint
ALTER TYPE "public"."record_note_kind" ADD VALUE 'contact';--> statement-breakpoint
CREATE TABLE "individual_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"author_id" uuid,
	"contact_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"mode" "contact_mode" NOT NULL,
	"component" "peer_support_component",
	"goal_id" uuid,
	"objective_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	CONSTRAINT "individual_contacts_minutes" CHECK ("individual_contacts"."minutes" between 1 and 1440),
	CONSTRAINT "individual_contacts_signed_by" CHECK ("individual_contacts"."signed_by" is null or "individual_contacts"."signed_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_participant_id_users_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_goal_id_participant_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."participant_goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_objective_id_goal_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."goal_objectives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "individual_contacts_org_participant" ON "individual_contacts" USING btree ("organization_id","participant_id","contact_date");--> statement-breakpoint
-- One-to-one contacts keep the progress notes' rules in the database too: a signed contact is
-- locked (only a reference may be cleared by its foreign key), it is deleted only with its person
-- or organisation, its addenda (note_kind 'contact') go with it, and addenda stay append-only.
CREATE OR REPLACE FUNCTION records_signed_note_locked() RETURNS trigger AS $$
DECLARE
  refs text[] := CASE WHEN TG_TABLE_NAME IN ('progress_notes', 'individual_contacts')
    THEN array['author_id', 'updated_by', 'signed_by', 'goal_id', 'objective_id']
    ELSE array['author_id', 'updated_by', 'signed_by'] END;
  ref text;
BEGIN
  IF OLD.signed_at IS NULL THEN
    RETURN NEW;
  END IF;
  IF to_jsonb(NEW) - refs IS DISTINCT FROM to_jsonb(OLD) - refs THEN
    RAISE EXCEPTION 'signed note % is locked; add an addendum instead', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  FOREACH ref IN ARRAY refs LOOP
    IF to_jsonb(NEW) -> ref <> 'null'::jsonb AND (to_jsonb(NEW) -> ref) IS DISTINCT FROM (to_jsonb(OLD) -> ref) THEN
      RAISE EXCEPTION 'signed note % is locked; add an addendum instead', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER individual_contacts_signed_locked BEFORE UPDATE ON individual_contacts
  FOR EACH ROW EXECUTE FUNCTION records_signed_note_locked();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION records_signed_contact_kept() RETURNS trigger AS $$
BEGIN
  IF OLD.signed_at IS NULL
     OR NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.participant_id)
     OR NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'signed contact % cannot be deleted; it goes only when the person it is about is erased', OLD.id USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER individual_contacts_signed_kept BEFORE DELETE ON individual_contacts
  FOR EACH ROW EXECUTE FUNCTION records_signed_contact_kept();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION records_note_addenda_removed() RETURNS trigger AS $$
BEGIN
  DELETE FROM record_addenda
    WHERE note_kind::text = CASE TG_TABLE_NAME WHEN 'progress_notes' THEN 'progress' WHEN 'individual_contacts' THEN 'contact' ELSE 'group' END
      AND note_id = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER individual_contacts_addenda_removed AFTER DELETE ON individual_contacts
  FOR EACH ROW EXECUTE FUNCTION records_note_addenda_removed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION record_addenda_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.author_id IS NULL AND (to_jsonb(NEW) - 'author_id') IS NOT DISTINCT FROM (to_jsonb(OLD) - 'author_id') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'record_addenda is append-only';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id)
     OR (OLD.note_kind::text = 'group' AND NOT EXISTS (SELECT 1 FROM group_notes WHERE id = OLD.note_id))
     OR (OLD.note_kind::text = 'progress' AND NOT EXISTS (SELECT 1 FROM progress_notes WHERE id = OLD.note_id))
     OR (OLD.note_kind::text = 'contact' AND NOT EXISTS (SELECT 1 FROM individual_contacts WHERE id = OLD.note_id)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'record_addenda is append-only';
END;
$$ LANGUAGE plpgsql;
