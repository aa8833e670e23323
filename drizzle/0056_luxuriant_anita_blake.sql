ALTER TABLE "individual_contacts" ADD COLUMN "program_id" uuid;--> statement-breakpoint
ALTER TABLE "individual_contacts" ADD CONSTRAINT "individual_contacts_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Backfill (42 CFR Part 2, contacts scoped to their program): an existing contact gets a program
-- only when it is unambiguous — the writer led, when the contact was logged, groups of exactly one
-- program in which the person was enrolled then (a facilitator row from before the contact, an
-- enrolment from before it that is still enrolled or ended after it). Every other contact keeps no
-- program and is read by managers only. Signed contacts are locked by a trigger; the backfill is
-- the one change allowed to them, so the trigger is off for this statement only.
ALTER TABLE "individual_contacts" DISABLE TRIGGER "individual_contacts_signed_locked";--> statement-breakpoint
UPDATE "individual_contacts" c SET "program_id" = attributed.program_id
FROM (
  SELECT c2.id, min(g.program_id::text)::uuid AS program_id
  FROM "individual_contacts" c2
  JOIN "group_facilitators" gf ON gf.user_id = c2.author_id AND gf.created_at <= c2.created_at
  JOIN "groups" g ON g.id = gf.group_id AND g.organization_id = c2.organization_id
  JOIN "enrolments" e ON e.group_id = g.id AND e.user_id = c2.participant_id AND e.created_at <= c2.created_at
    AND (e.status = 'enrolled' OR e.updated_at > c2.created_at)
  GROUP BY c2.id
  HAVING count(DISTINCT g.program_id) = 1
) attributed
WHERE c.id = attributed.id;--> statement-breakpoint
ALTER TABLE "individual_contacts" ENABLE TRIGGER "individual_contacts_signed_locked";
