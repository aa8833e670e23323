CREATE TABLE "absence_alert_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_data_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"n" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP INDEX "attendance_records_recent_absences";--> statement-breakpoint
CREATE INDEX "absence_alert_queue_due" ON "absence_alert_queue" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "org_data_changes_org" ON "org_data_changes" USING btree ("organization_id","n");