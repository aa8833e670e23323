CREATE TABLE "group_facilitator_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "group_facilitator_periods_order" CHECK ("group_facilitator_periods"."ended_at" is null or "group_facilitator_periods"."ended_at" > "group_facilitator_periods"."started_at")
);
--> statement-breakpoint
ALTER TABLE "group_facilitator_periods" ADD CONSTRAINT "group_facilitator_periods_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_facilitator_periods" ADD CONSTRAINT "group_facilitator_periods_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_facilitator_periods" ADD CONSTRAINT "group_facilitator_periods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_facilitator_periods_org_user" ON "group_facilitator_periods" USING btree ("organization_id","user_id","group_id");--> statement-breakpoint
CREATE INDEX "group_facilitator_periods_group_user" ON "group_facilitator_periods" USING btree ("group_id","user_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "group_facilitator_periods_open" ON "group_facilitator_periods" USING btree ("group_id","user_id") WHERE "group_facilitator_periods"."ended_at" is null;