-- Data migration (issue 21, PA-CSE 2.06 and 2.07; issue 15, "GET never writes").
-- 1. Organisations that already have the starter framework get the new items: "Readiness to share
--    one's recovery story" and "Peer role clarity" (2.06), and the five peer training topics (2.07).
--    The topics copy the requirements, validity and archived state of the organisation's combined
--    item "Peer-specific training" (2.07-peer-training) where it has one.
-- 2. Every record of the combined item is kept; for each, a record of every topic is opened with
--    the same status, dates and verifier (that training covered all five topics), with a note
--    saying so. Existing topic records are never overwritten. The combined item is archived.
-- 3. Organisations without a framework (the app used to install it on the first GET of a
--    competency page) get the whole starter framework now, and are marked as installed.
-- Nothing is deleted. The item list below is app/modules/competency/framework.ts as of this migration.
CREATE TEMPORARY TABLE "starter_items_0028" (
  "code" text PRIMARY KEY, "standard" text, "name" text, "description" text, "kind" text,
  "required_for_group_kinds" text[], "required_for_roles" text[], "validity_months" integer,
  "accepted_evidence" text[], "observable" boolean, "sort_order" integer
);
--> statement-breakpoint
INSERT INTO "starter_items_0028" VALUES
  ('2.04-engage', 'PA-CSE 2.04', 'Engaging and motivating members', 'Welcomes members, draws quieter members in and keeps the group''s energy and purpose.', 'competency', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], '{}'::text[], 24, ARRAY['observation', 'note']::text[], true, 10),
  ('2.04-dynamics', 'PA-CSE 2.04', 'Managing group dynamics', 'Notices and handles conflict, dominance, silence and disclosures so the group stays safe.', 'competency', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], '{}'::text[], 24, ARRAY['observation', 'note']::text[], true, 20),
  ('2.04-discussion', 'PA-CSE 2.04', 'Leading discussions', 'Opens, paces and closes discussions; summarises and links members'' contributions.', 'competency', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], '{}'::text[], 24, ARRAY['observation', 'note']::text[], true, 30),
  ('2.04-activities', 'PA-CSE 2.04', 'Facilitating group activities', 'Explains, runs and debriefs activities so every member can take part.', 'competency', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], '{}'::text[], 24, ARRAY['observation', 'note']::text[], true, 40),
  ('2.03-referral', 'PA-CSE 2.03', 'Referral procedures', 'How and when to refer members to other services, and how to follow up.', 'training', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], ARRAY['facilitator']::text[], 24, ARRAY['upload', 'note']::text[], false, 50),
  ('2.03-trauma', 'PA-CSE 2.03', 'Trauma-informed practice', 'Recognising the effects of trauma and working in ways that avoid re-traumatising members.', 'training', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], ARRAY['facilitator']::text[], 24, ARRAY['upload', 'note']::text[], false, 60),
  ('2.03-suicide', 'PA-CSE 2.03', 'Suicide risk recognition and response', 'Recognising warning signs, asking directly, and following the agency''s crisis procedure.', 'training', ARRAY['class', 'workshop', 'peer_recovery_group', 'drop_in']::text[], ARRAY['facilitator']::text[], 12, ARRAY['upload', 'note']::text[], false, 70),
  ('2.06-peer-cert', 'PA-CSE 2.06', 'Peer specialist certification', 'A current certification as a peer specialist from the recognised certifying body.', 'certification', ARRAY['peer_recovery_group']::text[], '{}'::text[], 24, ARRAY['upload']::text[], false, 80),
  ('2.06-recovery-story', 'PA-CSE 2.06', 'Readiness to share one''s recovery story', 'Chooses what, when and how much of their own recovery story to share, for the member''s benefit, and can decline to share safely.', 'competency', ARRAY['peer_recovery_group']::text[], '{}'::text[], 24, ARRAY['note', 'observation']::text[], false, 82),
  ('2.06-role-clarity', 'PA-CSE 2.06', 'Peer role clarity', 'Explains what a peer worker does and does not do, how the role differs from clinical staff''s, and when to hand over to them.', 'competency', ARRAY['peer_recovery_group']::text[], '{}'::text[], 24, ARRAY['note', 'observation']::text[], false, 84),
  ('2.07-intensive-services', 'PA-CSE 2.07', 'Recognising the need for more intensive services', 'Noticing when a member needs more than peer support (clinical, crisis or residential care) and helping them reach it.', 'training', ARRAY['peer_recovery_group']::text[], '{}'::text[], 12, ARRAY['upload', 'note']::text[], false, 90),
  ('2.07-ethics', 'PA-CSE 2.07', 'Ethics, boundaries and confidentiality', 'The peer code of ethics, keeping a mutual relationship within boundaries, and what may and may not be shared.', 'training', ARRAY['peer_recovery_group']::text[], '{}'::text[], 12, ARRAY['upload', 'note']::text[], false, 91),
  ('2.07-wellness', 'PA-CSE 2.07', 'Wellness, trauma-informed care and recovery resources', 'Supporting members'' wellness planning, working in trauma-informed ways, and knowing the recovery resources nearby.', 'training', ARRAY['peer_recovery_group']::text[], '{}'::text[], 12, ARRAY['upload', 'note']::text[], false, 92),
  ('2.07-triggers', 'PA-CSE 2.07', 'Managing triggers', 'Recognising what triggers members (and oneself) in a group and responding so that everyone stays safe.', 'training', ARRAY['peer_recovery_group']::text[], '{}'::text[], 12, ARRAY['upload', 'note']::text[], false, 93),
  ('2.07-recovery-philosophy', 'PA-CSE 2.07', 'Recovery philosophy', 'Recovery as self-directed and many-pathed: hope, choice, strengths and community.', 'training', ARRAY['peer_recovery_group']::text[], '{}'::text[], 12, ARRAY['upload', 'note']::text[], false, 94)
;
--> statement-breakpoint
INSERT INTO "competency_items" ("organization_id", "code", "standard", "name", "description", "kind", "required_for_group_kinds", "required_for_roles", "validity_months", "accepted_evidence", "observable", "sort_order", "archived_at")
SELECT s."organization_id", i."code", i."standard", i."name", i."description", i."kind"::"competency_item_kind",
  CASE WHEN i."code" LIKE '2.07-%' AND c."id" IS NOT NULL THEN c."required_for_group_kinds" ELSE i."required_for_group_kinds" END,
  CASE WHEN i."code" LIKE '2.07-%' AND c."id" IS NOT NULL THEN c."required_for_roles" ELSE i."required_for_roles" END,
  CASE WHEN i."code" LIKE '2.07-%' AND c."id" IS NOT NULL THEN c."validity_months" ELSE i."validity_months" END,
  CASE WHEN i."code" LIKE '2.07-%' AND c."id" IS NOT NULL THEN c."accepted_evidence" ELSE i."accepted_evidence" END,
  i."observable", i."sort_order",
  CASE WHEN i."code" LIKE '2.07-%' THEN c."archived_at" ELSE NULL END
FROM "competency_settings" s
CROSS JOIN "starter_items_0028" i
LEFT JOIN "competency_items" c ON c."organization_id" = s."organization_id" AND c."code" = '2.07-peer-training'
WHERE s."framework_installed_at" IS NOT NULL
  AND i."code" IN ('2.06-recovery-story', '2.06-role-clarity', '2.07-intensive-services', '2.07-ethics', '2.07-wellness', '2.07-triggers', '2.07-recovery-philosophy')
ON CONFLICT ("organization_id", "code") DO NOTHING;
--> statement-breakpoint
WITH "mapped" AS (
  INSERT INTO "competency_records" ("organization_id", "user_id", "item_id", "status", "achieved_on", "expires_on", "assessed_by", "assessed_at", "verified_by", "verified_at", "created_at", "updated_at")
  SELECT r."organization_id", r."user_id", t."id", r."status", r."achieved_on", r."expires_on", r."assessed_by", r."assessed_at", r."verified_by", r."verified_at", now(), now()
  FROM "competency_records" r
  JOIN "competency_items" c ON c."id" = r."item_id" AND c."code" = '2.07-peer-training'
  JOIN "competency_items" t ON t."organization_id" = c."organization_id"
    AND t."code" IN ('2.07-intensive-services', '2.07-ethics', '2.07-wellness', '2.07-triggers', '2.07-recovery-philosophy')
  ON CONFLICT ("user_id", "item_id") DO NOTHING
  RETURNING "id", "organization_id", "user_id", "status", "achieved_on"
)
INSERT INTO "competency_evidence" ("organization_id", "record_id", "kind", "note")
SELECT m."organization_id", m."id", 'note',
  'Carried over from the combined record "Peer-specific training" (' || replace(m."status"::text, '_', ' ')
  || coalesce(', achieved ' || m."achieved_on"::text, '') || '), which covered this topic. The combined record is kept.'
FROM "mapped" m;
--> statement-breakpoint
UPDATE "competency_items" SET "archived_at" = now() WHERE "code" = '2.07-peer-training' AND "archived_at" IS NULL;
--> statement-breakpoint
INSERT INTO "competency_items" ("organization_id", "code", "standard", "name", "description", "kind", "required_for_group_kinds", "required_for_roles", "validity_months", "accepted_evidence", "observable", "sort_order")
SELECT o."id", i."code", i."standard", i."name", i."description", i."kind"::"competency_item_kind", i."required_for_group_kinds", i."required_for_roles", i."validity_months", i."accepted_evidence", i."observable", i."sort_order"
FROM "organizations" o
CROSS JOIN "starter_items_0028" i
WHERE NOT EXISTS (SELECT 1 FROM "competency_settings" s WHERE s."organization_id" = o."id" AND s."framework_installed_at" IS NOT NULL)
ON CONFLICT ("organization_id", "code") DO NOTHING;
--> statement-breakpoint
INSERT INTO "competency_settings" ("organization_id", "framework_installed_at")
SELECT o."id", now() FROM "organizations" o
ON CONFLICT ("organization_id") DO UPDATE SET "framework_installed_at" = now() WHERE "competency_settings"."framework_installed_at" IS NULL;
--> statement-breakpoint
DROP TABLE "starter_items_0028";
