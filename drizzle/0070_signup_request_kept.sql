ALTER TABLE "email_confirmation_tokens" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "email_confirmation_tokens" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "email_confirmation_tokens" ADD COLUMN "timezone" text;--> statement-breakpoint
ALTER TABLE "email_confirmation_tokens" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "email_confirmation_tokens" ADD CONSTRAINT "email_confirmation_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;