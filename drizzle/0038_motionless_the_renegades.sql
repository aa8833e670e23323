CREATE TYPE "public"."release_method" AS ENUM('in_app', 'paper');--> statement-breakpoint
CREATE TABLE "disclosure_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"release_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"shared" text[] NOT NULL,
	"content" jsonb NOT NULL,
	"part2_notice" boolean NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_organization" text DEFAULT '' NOT NULL,
	"recipient_contact" text NOT NULL,
	"purpose" text NOT NULL,
	"shares" text[] NOT NULL,
	"expires_on" date NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"method" "release_method" NOT NULL,
	"statement" text NOT NULL,
	"statement_hash" text NOT NULL,
	"signed_name" text DEFAULT '' NOT NULL,
	"signed_on" date NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paper_file_name" text,
	"paper_content_type" text,
	"paper_content" "bytea",
	"paper_size_bytes" integer,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "information_releases_shares" CHECK (cardinality("information_releases"."shares") between 1 and 4 and "information_releases"."shares" <@ array['attendance_dates','attendance_totals','completion_status','progress_summary']::text[]),
	CONSTRAINT "information_releases_signed" CHECK (("information_releases"."method" = 'in_app') = ("information_releases"."signed_name" <> '')),
	CONSTRAINT "information_releases_paper" CHECK (("information_releases"."method" = 'paper') = ("information_releases"."paper_content" is not null)),
	CONSTRAINT "information_releases_expiry" CHECK ("information_releases"."expires_on" >= "information_releases"."signed_on")
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "part2_program" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_release_id_information_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."information_releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_letters" ADD CONSTRAINT "disclosure_letters_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_releases" ADD CONSTRAINT "information_releases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_releases" ADD CONSTRAINT "information_releases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_releases" ADD CONSTRAINT "information_releases_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_releases" ADD CONSTRAINT "information_releases_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_letters_person" ON "disclosure_letters" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "disclosure_letters_release" ON "disclosure_letters" USING btree ("release_id");--> statement-breakpoint
CREATE INDEX "information_releases_person" ON "information_releases" USING btree ("organization_id","user_id");