-- Calendar feeds are standing grants: they end with the role or relationship that allowed them.
-- (The feed route also checks both at every read; these triggers make the revocation durable, so
-- a later promotion does not revive an old link, whatever code path changed the role.)
CREATE OR REPLACE FUNCTION calendar_feeds_end_with_membership() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Leaving the organisation ends every feed there.
    UPDATE calendar_feeds SET revoked_at = now()
      WHERE user_id = OLD.user_id AND organization_id = OLD.organization_id AND revoked_at IS NULL;
    RETURN OLD;
  END IF;
  IF NEW.role IS DISTINCT FROM OLD.role THEN
    -- A role change ends group feeds (they were granted to the old role); the personal feed stays.
    UPDATE calendar_feeds SET revoked_at = now()
      WHERE user_id = NEW.user_id AND organization_id = NEW.organization_id AND group_id IS NOT NULL AND revoked_at IS NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER calendar_feeds_membership_ends AFTER UPDATE OF role OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION calendar_feeds_end_with_membership();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION calendar_feeds_end_with_lead() RETURNS trigger AS $$
BEGIN
  -- No longer leading a group ends that group's feed, unless they manage the organisation.
  UPDATE calendar_feeds f SET revoked_at = now()
    WHERE f.user_id = OLD.user_id AND f.group_id = OLD.group_id AND f.revoked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = f.user_id AND m.organization_id = f.organization_id
                      AND m.role IN ('manager', 'admin'));
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER calendar_feeds_lead_ends AFTER DELETE ON group_facilitators
  FOR EACH ROW EXECUTE FUNCTION calendar_feeds_end_with_lead();
