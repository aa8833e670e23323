-- A mobile number per person in each organisation (was one per person, shared by all their organisations).
ALTER TABLE "user_phones" DROP CONSTRAINT "user_phones_pkey";--> statement-breakpoint
ALTER TABLE "user_phones" ADD CONSTRAINT "user_phones_user_org_pk" PRIMARY KEY("user_id","organization_id");
