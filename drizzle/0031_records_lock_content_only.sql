-- A signed note's content and signature are locked; a person reference cleared by a foreign key
-- (ON DELETE SET NULL when an account is erased) is not a change of content and stays possible.
CREATE OR REPLACE FUNCTION records_signed_note_locked() RETURNS trigger AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL AND (
       to_jsonb(NEW) - array['author_id', 'updated_by', 'signed_by']
       IS DISTINCT FROM to_jsonb(OLD) - array['author_id', 'updated_by', 'signed_by']
       OR (NEW.signed_by IS NOT NULL AND NEW.signed_by IS DISTINCT FROM OLD.signed_by)
       OR (NEW.author_id IS NOT NULL AND NEW.author_id IS DISTINCT FROM OLD.author_id)
       OR (NEW.updated_by IS NOT NULL AND NEW.updated_by IS DISTINCT FROM OLD.updated_by)) THEN
    RAISE EXCEPTION 'signed note % is locked; add an addendum instead', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
