CREATE TABLE "funder_report_views" (
	"organization_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"scope" text NOT NULL,
	"view" json NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funder_report_views_organization_id_period_from_period_to_scope_pk" PRIMARY KEY("organization_id","period_from","period_to","scope")
);
--> statement-breakpoint
ALTER TABLE "funder_report_views" ADD CONSTRAINT "funder_report_views_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;