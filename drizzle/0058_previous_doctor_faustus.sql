CREATE TABLE "sent_forms" (
	"organization_id" uuid NOT NULL,
	"token" text NOT NULL,
	"fields_hash" text NOT NULL,
	"form" text NOT NULL,
	"outcome" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sent_forms_token_fields_hash_pk" PRIMARY KEY("token","fields_hash")
);
--> statement-breakpoint
ALTER TABLE "sent_forms" ADD CONSTRAINT "sent_forms_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sent_forms_created" ON "sent_forms" USING btree ("created_at");