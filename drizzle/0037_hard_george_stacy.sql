CREATE TYPE "public"."curriculum_material_audience" AS ENUM('participants', 'facilitators');--> statement-breakpoint
CREATE TYPE "public"."curriculum_material_kind" AS ENUM('link', 'file');--> statement-breakpoint
CREATE TYPE "public"."session_unit_assignment" AS ENUM('auto', 'manual');--> statement-breakpoint
CREATE TABLE "curriculum_materials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" "curriculum_material_kind" NOT NULL,
	"title" text NOT NULL,
	"audience" "curriculum_material_audience" NOT NULL,
	"url" text,
	"file_name" text,
	"content_type" text,
	"size_bytes" integer,
	"content" "bytea",
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "curriculum_materials_kind" CHECK (("curriculum_materials"."kind" = 'link' and "curriculum_materials"."url" is not null and "curriculum_materials"."content" is null) or ("curriculum_materials"."kind" = 'file' and "curriculum_materials"."url" is null and "curriculum_materials"."content" is not null and "curriculum_materials"."file_name" is not null and "curriculum_materials"."content_type" is not null))
);
--> statement-breakpoint
CREATE TABLE "curriculum_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"objectives" text DEFAULT '' NOT NULL,
	"duration_minutes" integer NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "curriculum_units_duration" CHECK ("curriculum_units"."duration_minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "session_units" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"assignment" "session_unit_assignment" NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "curriculum_materials" ADD CONSTRAINT "curriculum_materials_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_materials" ADD CONSTRAINT "curriculum_materials_unit_id_curriculum_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."curriculum_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_materials" ADD CONSTRAINT "curriculum_materials_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_units" ADD CONSTRAINT "curriculum_units_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_units" ADD CONSTRAINT "curriculum_units_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_units" ADD CONSTRAINT "session_units_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_units" ADD CONSTRAINT "session_units_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_units" ADD CONSTRAINT "session_units_unit_id_curriculum_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."curriculum_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_units" ADD CONSTRAINT "session_units_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "curriculum_materials_unit" ON "curriculum_materials" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "curriculum_units_group" ON "curriculum_units" USING btree ("group_id","position");--> statement-breakpoint
CREATE INDEX "session_units_unit" ON "session_units" USING btree ("unit_id");