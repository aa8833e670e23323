import { sql } from "drizzle-orm";
import { check, customType, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, groups, id, orgRef, sessions, users } from "~/db/schema";

/**
 * Curriculum and session plans (issue 16): a group's ordered units, each unit's materials (links
 * or uploaded files checked like competency evidence), and the unit each session covers. Every row
 * carries organization_id.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

export const materialKindEnum = pgEnum("curriculum_material_kind", ["link", "file"]);
/** Who may open a material: the group's enrolled participants too, or only its facilitators (and managers). */
export const materialAudienceEnum = pgEnum("curriculum_material_audience", ["participants", "facilitators"]);
/** How a session got its unit: in order along the group's sessions, or chosen for that session. */
export const unitAssignmentEnum = pgEnum("session_unit_assignment", ["auto", "manual"]);

/** One unit of a group's curriculum, in `position` order; archived units keep their history but are no longer assigned. */
export const curriculumUnits = pgTable(
  "curriculum_units",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    objectives: text("objectives").notNull().default(""),
    durationMinutes: integer("duration_minutes").notNull(),
    guidance: text("guidance").notNull().default(""),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("curriculum_units_group").on(t.groupId, t.position),
    check("curriculum_units_duration", sql`${t.durationMinutes} between 1 and 1440`),
  ],
);

/** A link or an uploaded file (PDF, PNG or JPEG, at most 5 MB, its type read from its bytes). */
export const curriculumMaterials = pgTable(
  "curriculum_materials",
  {
    id: id(),
    organizationId: orgRef(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => curriculumUnits.id, { onDelete: "cascade" }),
    kind: materialKindEnum("kind").notNull(),
    title: text("title").notNull(),
    audience: materialAudienceEnum("audience").notNull(),
    url: text("url"),
    fileName: text("file_name"),
    contentType: text("content_type"),
    sizeBytes: integer("size_bytes"),
    content: bytea("content"),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("curriculum_materials_unit").on(t.unitId),
    check(
      "curriculum_materials_kind",
      sql`(${t.kind} = 'link' and ${t.url} is not null and ${t.content} is null) or (${t.kind} = 'file' and ${t.url} is null and ${t.content} is not null and ${t.fileName} is not null and ${t.contentType} is not null)`,
    ),
  ],
);

/** The unit a session covers (at most one); a null unit is "no unit", chosen by hand for that session. */
export const sessionUnits = pgTable(
  "session_units",
  {
    sessionId: uuid("session_id")
      .primaryKey()
      .references(() => sessions.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    unitId: uuid("unit_id").references(() => curriculumUnits.id, { onDelete: "cascade" }),
    assignment: unitAssignmentEnum("assignment").notNull(),
    assignedBy: uuid("assigned_by").references(() => users.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("session_units_unit").on(t.unitId), check("session_units_auto_has_unit", sql`${t.unitId} is not null or ${t.assignment} = 'manual'`)],
);
