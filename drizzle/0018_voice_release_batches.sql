CREATE TABLE "feedback_release_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"released_in" date NOT NULL,
	"answers" integer NOT NULL,
	CONSTRAINT "feedback_release_batches_at_least_5" CHECK ("feedback_release_batches"."answers" >= 5)
);
--> statement-breakpoint
CREATE TABLE "proposal_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"choice" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_vote_receipts" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	CONSTRAINT "proposal_vote_receipts_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
-- Nullable while existing answers are put into batches below; NOT NULL at the end.
ALTER TABLE "feedback_anonymous_answers" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "feedback_release_batches" ADD CONSTRAINT "feedback_release_batches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_release_batches" ADD CONSTRAINT "feedback_release_batches_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_vote_receipts" ADD CONSTRAINT "proposal_vote_receipts_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_vote_receipts" ADD CONSTRAINT "proposal_vote_receipts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_vote_receipts" ADD CONSTRAINT "proposal_vote_receipts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_release_batches_group_seq" ON "feedback_release_batches" USING btree ("group_id","seq");--> statement-breakpoint
CREATE INDEX "feedback_release_batches_org_month" ON "feedback_release_batches" USING btree ("organization_id","released_in");--> statement-breakpoint
CREATE INDEX "proposal_ballots_proposal" ON "proposal_ballots" USING btree ("proposal_id");--> statement-breakpoint
ALTER TABLE "feedback_anonymous_answers" ADD CONSTRAINT "feedback_anonymous_answers_batch_id_feedback_release_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."feedback_release_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_named_answers" ADD CONSTRAINT "feedback_named_answers_batch_id_feedback_release_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."feedback_release_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_anonymous_answers_batch" ON "feedback_anonymous_answers" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "feedback_named_answers_batch" ON "feedback_named_answers" USING btree ("batch_id");--> statement-breakpoint
-- Data: existing released answers (anonymous and named) of each group go into batches of at least 5,
-- in session order, attributed to the month of their last session (organisation zone). Fewer than 5
-- left in a group wait: anonymous ones go back to the inbox, named ones keep no batch.
CREATE TEMP TABLE "voice_batching" AS
  WITH "answers" AS (
    SELECT 'anonymous' AS "kind", a."id", a."organization_id", a."group_id", s."starts_at"
      FROM "feedback_anonymous_answers" a JOIN "sessions" s ON s."id" = a."session_id"
    UNION ALL
    SELECT 'named', n."id", n."organization_id", n."group_id", s."starts_at"
      FROM "feedback_named_answers" n JOIN "sessions" s ON s."id" = n."session_id"
  ), "numbered" AS (
    SELECT *, row_number() OVER (PARTITION BY "group_id" ORDER BY "starts_at", random()) - 1 AS "rn",
           count(*) OVER (PARTITION BY "group_id") AS "total"
      FROM "answers"
  )
  SELECT "kind", "id", "organization_id", "group_id", "starts_at",
         CASE WHEN "total" >= 5 THEN least("rn" / 5, "total" / 5 - 1) END AS "chunk"
    FROM "numbered";--> statement-breakpoint
CREATE TEMP TABLE "voice_batch_ids" AS
  SELECT "group_id", "chunk", "organization_id", gen_random_uuid() AS "id", count(*)::int AS "answers", max("starts_at") AS "last_start"
    FROM "voice_batching" WHERE "chunk" IS NOT NULL GROUP BY "group_id", "chunk", "organization_id";--> statement-breakpoint
INSERT INTO "feedback_release_batches" ("id", "organization_id", "group_id", "seq", "released_in", "answers")
  SELECT i."id", i."organization_id", i."group_id", i."chunk" + 1, date_trunc('month', i."last_start" AT TIME ZONE o."timezone")::date, i."answers"
    FROM "voice_batch_ids" i JOIN "organizations" o ON o."id" = i."organization_id";--> statement-breakpoint
UPDATE "feedback_anonymous_answers" a SET "batch_id" = i."id"
  FROM "voice_batching" b JOIN "voice_batch_ids" i ON i."group_id" = b."group_id" AND i."chunk" = b."chunk"
 WHERE b."kind" = 'anonymous' AND b."id" = a."id";--> statement-breakpoint
UPDATE "feedback_named_answers" n SET "batch_id" = i."id"
  FROM "voice_batching" b JOIN "voice_batch_ids" i ON i."group_id" = b."group_id" AND i."chunk" = b."chunk"
 WHERE b."kind" = 'named' AND b."id" = n."id";--> statement-breakpoint
INSERT INTO "feedback_anonymous_inbox" ("organization_id", "session_id", "group_id", "ratings", "comment")
  SELECT a."organization_id", a."session_id", a."group_id", a."ratings", a."comment"
    FROM "feedback_anonymous_answers" a WHERE a."batch_id" IS NULL ORDER BY random();--> statement-breakpoint
DELETE FROM "feedback_anonymous_answers" WHERE "batch_id" IS NULL;--> statement-breakpoint
DROP TABLE "voice_batching";--> statement-breakpoint
DROP TABLE "voice_batch_ids";--> statement-breakpoint
ALTER TABLE "feedback_anonymous_answers" ALTER COLUMN "batch_id" SET NOT NULL;--> statement-breakpoint
-- Data: secret-ballot votes become an unlinked ballot (random order, new ids) and a receipt.
INSERT INTO "proposal_vote_receipts" ("proposal_id", "user_id", "organization_id")
  SELECT v."proposal_id", v."voter_id", v."organization_id"
    FROM "proposal_votes" v JOIN "proposals" p ON p."id" = v."proposal_id" WHERE p."anonymous_votes";--> statement-breakpoint
INSERT INTO "proposal_ballots" ("organization_id", "proposal_id", "choice")
  SELECT v."organization_id", v."proposal_id", v."choice"
    FROM "proposal_votes" v JOIN "proposals" p ON p."id" = v."proposal_id" WHERE p."anonymous_votes" ORDER BY random();--> statement-breakpoint
DELETE FROM "proposal_votes" v USING "proposals" p WHERE p."id" = v."proposal_id" AND p."anonymous_votes";
