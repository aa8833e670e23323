-- Participant voice: shapes the application relies on, enforced by the database too.
-- An anonymous concern has no submitter and a hashed follow-up token; a named one has no token.
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_anonymous_shape" CHECK (
  ("anonymous" AND "submitter_id" IS NULL AND "follow_up_token_hash" IS NOT NULL)
  OR (NOT "anonymous" AND "follow_up_token_hash" IS NULL));
--> statement-breakpoint
-- A group proposal names its group; a program-wide one does not.
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_scope_shape" CHECK (("scope" = 'group') = ("group_id" IS NOT NULL));
--> statement-breakpoint
-- Rule versions count up per target: the group for group rules, the program for program rules.
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_target_shape" CHECK (
  ("scope" = 'group' AND "group_id" IS NOT NULL AND "target_id" = "group_id")
  OR ("scope" = 'program' AND "group_id" IS NULL AND "target_id" = "program_id"));
--> statement-breakpoint
-- Ratings are a JSON object (question id → rating); the application checks each is 1..5.
ALTER TABLE "feedback_anonymous_answers" ADD CONSTRAINT "feedback_anonymous_answers_ratings_object" CHECK (jsonb_typeof("ratings") = 'object');
--> statement-breakpoint
ALTER TABLE "feedback_anonymous_inbox" ADD CONSTRAINT "feedback_anonymous_inbox_ratings_object" CHECK (jsonb_typeof("ratings") = 'object');
