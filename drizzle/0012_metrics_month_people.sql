CREATE TABLE "metrics_group_months" (
	"group_id" uuid NOT NULL,
	"month" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"attendee_ids" uuid[] NOT NULL,
	CONSTRAINT "metrics_group_months_group_id_month_pk" PRIMARY KEY("group_id","month")
);
--> statement-breakpoint
ALTER TABLE "metrics_group_days" ADD COLUMN "feedback_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "metrics_group_months" ADD CONSTRAINT "metrics_group_months_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_group_months" ADD CONSTRAINT "metrics_group_months_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metrics_group_months_org_month" ON "metrics_group_months" USING btree ("organization_id","month");