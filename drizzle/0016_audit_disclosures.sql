ALTER TABLE "audit_events" ADD COLUMN "subject_user_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
CREATE INDEX "audit_events_org_person_at" ON "audit_events" USING btree ("organization_id","subject_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_org_actor_at" ON "audit_events" USING btree ("organization_id","actor_user_id","at");