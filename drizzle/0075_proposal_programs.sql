ALTER TABLE "goal_proposals" ADD COLUMN "program_id" uuid;--> statement-breakpoint
ALTER TABLE "goal_proposals" ADD COLUMN "about_goal_id" uuid;--> statement-breakpoint
ALTER TABLE "goal_proposals" ADD CONSTRAINT "goal_proposals_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_proposals" ADD CONSTRAINT "goal_proposals_about_goal_id_participant_goals_id_fk" FOREIGN KEY ("about_goal_id") REFERENCES "public"."participant_goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A proposal already accepted belongs to the program of the goal it became (read with that goal);
-- every other existing proposal stays about the plan as a whole (managers and the person).
UPDATE "goal_proposals" gp SET "program_id" = g."program_id" FROM "participant_goals" g WHERE g."id" = gp."accepted_goal_id" AND g."program_id" IS NOT NULL;
