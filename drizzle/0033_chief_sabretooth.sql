ALTER TABLE "group_notes" DROP CONSTRAINT "group_notes_signed_by";--> statement-breakpoint
ALTER TABLE "progress_notes" DROP CONSTRAINT "progress_notes_signed_by";--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_signed_by" CHECK ("group_notes"."signed_by" is null or "group_notes"."signed_at" is not null);--> statement-breakpoint
ALTER TABLE "progress_notes" ADD CONSTRAINT "progress_notes_signed_by" CHECK ("progress_notes"."signed_by" is null or "progress_notes"."signed_at" is not null);--> statement-breakpoint
-- A signed note's signer may be erased (signed_by set to NULL by the foreign key, signed_at kept):
-- the CHECK above now only refuses a signer without a signing time. The lock below also lets the
-- foreign keys clear a goal or objective link when the goal or objective is deleted; any other
-- change of a signed note, including setting a link, stays refused.
CREATE OR REPLACE FUNCTION records_signed_note_locked() RETURNS trigger AS $$
DECLARE
  refs text[] := CASE WHEN TG_TABLE_NAME = 'progress_notes'
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
  -- A reference may only be cleared (its person, goal or objective deleted), never set or changed.
  FOREACH ref IN ARRAY refs LOOP
    IF to_jsonb(NEW) -> ref <> 'null'::jsonb AND (to_jsonb(NEW) -> ref) IS DISTINCT FROM (to_jsonb(OLD) -> ref) THEN
      RAISE EXCEPTION 'signed note % is locked; add an addendum instead', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A signed note is never deleted on its own. It goes only with what it belongs to: the person it
-- is about (erasing a participant's account), its session, its group or its organisation — a
-- foreign-key cascade, which runs after that row is gone.
CREATE OR REPLACE FUNCTION records_signed_note_kept() RETURNS trigger AS $$
DECLARE
  owner_gone boolean;
BEGIN
  IF OLD.signed_at IS NULL THEN
    RETURN OLD;
  END IF;
  owner_gone := NOT EXISTS (SELECT 1 FROM sessions WHERE id = OLD.session_id)
    OR NOT EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id)
    OR NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id);
  IF NOT owner_gone AND TG_TABLE_NAME = 'progress_notes' THEN
    owner_gone := NOT EXISTS (SELECT 1 FROM users WHERE id = (to_jsonb(OLD) ->> 'participant_id')::uuid);
  END IF;
  IF NOT owner_gone THEN
    RAISE EXCEPTION 'signed note % cannot be deleted; it goes only when the person, session or group it belongs to is erased', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER group_notes_signed_kept BEFORE DELETE ON group_notes
  FOR EACH ROW EXECUTE FUNCTION records_signed_note_kept();
--> statement-breakpoint
CREATE TRIGGER progress_notes_signed_kept BEFORE DELETE ON progress_notes
  FOR EACH ROW EXECUTE FUNCTION records_signed_note_kept();
--> statement-breakpoint
-- A note's addenda go with the note (they have no foreign key to it: note_kind + note_id).
CREATE OR REPLACE FUNCTION records_note_addenda_removed() RETURNS trigger AS $$
BEGIN
  DELETE FROM record_addenda
    WHERE note_kind::text = CASE WHEN TG_TABLE_NAME = 'progress_notes' THEN 'progress' ELSE 'group' END
      AND note_id = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER group_notes_addenda_removed AFTER DELETE ON group_notes
  FOR EACH ROW EXECUTE FUNCTION records_note_addenda_removed();
--> statement-breakpoint
CREATE TRIGGER progress_notes_addenda_removed AFTER DELETE ON progress_notes
  FOR EACH ROW EXECUTE FUNCTION records_note_addenda_removed();
--> statement-breakpoint
-- Addenda stay append-only, except that erasing their author's account clears author_id; and an
-- addendum is deleted only with its note or its organisation.
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
     OR (OLD.note_kind::text = 'progress' AND NOT EXISTS (SELECT 1 FROM progress_notes WHERE id = OLD.note_id)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'record_addenda is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER record_addenda_no_delete BEFORE DELETE ON record_addenda
  FOR EACH ROW EXECUTE FUNCTION record_addenda_append_only();
