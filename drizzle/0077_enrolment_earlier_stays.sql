-- Every earlier stay of a row registered again, not only the last: a third registration used to
-- replace earlier_stay_ended_at, so goal figures merged the first two stays and the time between.
ALTER TABLE "enrolments" ADD COLUMN "earlier_stays" tstzmultirange;--> statement-breakpoint
-- Rows registered again before: the one earlier stay migration 0076 recorded, from the row's
-- creation to that withdrawal (what goal figures counted until now).
UPDATE "enrolments" SET "earlier_stays" = tstzmultirange(tstzrange("created_at", "earlier_stay_ended_at", '[]'))
WHERE "earlier_stay_ended_at" IS NOT NULL AND "earlier_stay_ended_at" >= "created_at";--> statement-breakpoint
ALTER TABLE "enrolments" DROP COLUMN "earlier_stay_ended_at";
