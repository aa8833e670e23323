import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, groups, id, organizations, orgRef, sessions, users } from "~/db/schema";

/** Raw bytes (uploaded certificates live in PostgreSQL, so every app instance can serve them). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

const userRef = (name: string) => uuid(name).references(() => users.id, { onDelete: "set null" });

export const competencyItemKindEnum = pgEnum("competency_item_kind", ["competency", "training", "certification"]);
export const competencyStatusEnum = pgEnum("competency_status", [
  "not_started",
  "in_progress",
  "demonstrated",
  "verified",
  "expired",
]);
export const competencyEvidenceKindEnum = pgEnum("competency_evidence_kind", ["note", "observation", "upload"]);

/** The organisation's framework: competencies, trainings and certifications staff must hold. */
export const competencyItems = pgTable(
  "competency_items",
  {
    id: id(),
    organizationId: orgRef(),
    /** Stable short code, unique in the organisation ("2.04-engage"). */
    code: text("code").notNull(),
    /** The standard it evidences, e.g. "PA-CSE 2.04" (free text for the agency's own items). */
    standard: text("standard").notNull().default(""),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    kind: competencyItemKindEnum("kind").notNull(),
    /** Group kinds whose facilitators must hold it (values of group_kind). */
    requiredForGroupKinds: text("required_for_group_kinds").array().notNull().default(sql`'{}'::text[]`),
    /** Staff roles that must hold it whatever they lead (values of role). */
    requiredForRoles: text("required_for_roles").array().notNull().default(sql`'{}'::text[]`),
    /** Months a record stays valid after it is achieved; null = does not expire. */
    validityMonths: integer("validity_months"),
    /** Evidence accepted: note, observation, upload. */
    acceptedEvidence: text("accepted_evidence").array().notNull().default(sql`'{note}'::text[]`),
    /** Rated on the 1–4 scale in session observations (the PA-CSE 2.04 competencies). */
    observable: boolean("observable").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(100),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("competency_items_org_code").on(t.organizationId, t.code)],
);

/** Per organisation: caseload limits (PA-CSE 2.08), default supervisor, whether the starter framework was installed. */
export const competencySettings = pgTable("competency_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  maxGroupsPerFacilitator: integer("max_groups_per_facilitator"),
  maxParticipantsPerFacilitator: integer("max_participants_per_facilitator"),
  defaultSupervisorId: userRef("default_supervisor_id"),
  frameworkInstalledAt: timestamp("framework_installed_at", { withTimezone: true }),
  /** PA-CSE 2.08 level of need: an enrolled participant whose intake was marked urgent counts this many times (1 = no weighting). */
  urgentParticipantWeight: integer("urgent_participant_weight").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A facilitator's own supervisor (otherwise the organisation's default, otherwise its managers). */
export const competencySupervisors = pgTable(
  "competency_supervisors",
  {
    organizationId: orgRef(),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    supervisorId: uuid("supervisor_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.facilitatorId] }), index("competency_supervisors_supervisor").on(t.supervisorId)],
);

/** One record per person and item. Dates are civil dates in the organisation's zone. */
export const competencyRecords = pgTable(
  "competency_records",
  {
    id: id(),
    organizationId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => competencyItems.id, { onDelete: "cascade" }),
    status: competencyStatusEnum("status").notNull().default("not_started"),
    achievedOn: date("achieved_on"),
    /** First day the record is no longer valid (achievedOn + item validity). */
    expiresOn: date("expires_on"),
    assessedBy: userRef("assessed_by"),
    assessedAt: timestamp("assessed_at", { withTimezone: true }),
    verifiedBy: userRef("verified_by"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("competency_records_user_item").on(t.userId, t.itemId),
    index("competency_records_org_expires").on(t.organizationId, t.expiresOn),
    // Nobody verifies their own record (the policy says so too; the database makes sure).
    check("competency_records_not_self_verified", sql`${t.verifiedBy} is null or ${t.verifiedBy} <> ${t.userId}`),
  ],
);

/** A supervisor watched a session the facilitator led and rated the observable competencies. */
export const competencyObservations = pgTable(
  "competency_observations",
  {
    id: id(),
    organizationId: orgRef(),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    observerId: userRef("observer_id"),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    notes: text("notes").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("competency_observations_facilitator").on(t.organizationId, t.facilitatorId), index("competency_observations_session").on(t.sessionId)],
);

export const competencyObservationRatings = pgTable(
  "competency_observation_ratings",
  {
    observationId: uuid("observation_id")
      .notNull()
      .references(() => competencyObservations.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => competencyItems.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    rating: integer("rating").notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.observationId, t.itemId] }), check("competency_rating_range", sql`${t.rating} between 1 and 4`)],
);

/** Evidence on a record: a note, a linked observation, or an uploaded certificate (bytes kept here). */
export const competencyEvidence = pgTable(
  "competency_evidence",
  {
    id: id(),
    organizationId: orgRef(),
    recordId: uuid("record_id")
      .notNull()
      .references(() => competencyRecords.id, { onDelete: "cascade" }),
    kind: competencyEvidenceKindEnum("kind").notNull(),
    note: text("note").notNull().default(""),
    observationId: uuid("observation_id").references(() => competencyObservations.id, { onDelete: "set null" }),
    fileName: text("file_name"),
    contentType: text("content_type"),
    sizeBytes: integer("size_bytes"),
    content: bytea("content"),
    addedBy: userRef("added_by"),
    createdAt: createdAt(),
  },
  (t) => [index("competency_evidence_record").on(t.recordId)],
);

/**
 * Assignments made although the gate said no (missing or expired competency, or caseload over the
 * limit), with the manager's written reason. Listed in the evidence report.
 */
export const competencyOverrides = pgTable(
  "competency_overrides",
  {
    id: id(),
    organizationId: orgRef(),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "set null" }),
    sessionId: uuid("session_id").references(() => sessions.id, { onDelete: "set null" }),
    groupKind: text("group_kind").notNull(),
    /** "competency" or "caseload" */
    rule: text("rule").notNull(),
    /** What was missing: [{code, name, problem}] or the caseload figures. */
    details: jsonb("details").notNull(),
    reason: text("reason").notNull(),
    approvedBy: userRef("approved_by"),
    createdAt: createdAt(),
  },
  (t) => [index("competency_overrides_org_at").on(t.organizationId, t.createdAt)],
);

/** Assignments the gate refused: the facilitator's page shows what they lack for these groups. */
export const competencyProposals = pgTable(
  "competency_proposals",
  {
    id: id(),
    organizationId: orgRef(),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    groupName: text("group_name").notNull(),
    groupKind: text("group_kind").notNull(),
    proposedBy: userRef("proposed_by"),
    createdAt: createdAt(),
  },
  (t) => [index("competency_proposals_facilitator").on(t.organizationId, t.facilitatorId)],
);

/** Upcoming sessions whose facilitator's record expired: flagged for a manager, never dropped. */
export const competencySessionFlags = pgTable(
  "competency_session_flags",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recordId: uuid("record_id")
      .notNull()
      .references(() => competencyRecords.id, { onDelete: "cascade" }),
    expiredOn: date("expired_on").notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("competency_session_flags_once").on(t.sessionId, t.facilitatorId, t.recordId, t.expiredOn),
    index("competency_session_flags_org").on(t.organizationId, t.resolvedAt),
  ],
);

/**
 * PA-CSE 2.08: caseload limits for one facilitator role or one qualification (a framework item
 * held current and verified). A qualification's limit applies before a role's, and a role's
 * before the organisation-wide limit in competency_settings; null = no limit of that kind.
 */
export const competencyCaseloadLimits = pgTable(
  "competency_caseload_limits",
  {
    id: id(),
    organizationId: orgRef(),
    /** A staff role (facilitator, manager, admin), or null when the limit belongs to a qualification. */
    role: text("role"),
    itemId: uuid("item_id").references(() => competencyItems.id, { onDelete: "cascade" }),
    maxGroups: integer("max_groups"),
    maxParticipants: integer("max_participants"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("competency_caseload_limits_role").on(t.organizationId, t.role),
    uniqueIndex("competency_caseload_limits_item").on(t.organizationId, t.itemId),
    check("competency_caseload_limits_one_basis", sql`(${t.role} is null) <> (${t.itemId} is null)`),
  ],
);

/**
 * PA-CSE 2.06: supervision of peer workers. One entry per supervision or mentoring session:
 * when, who supervised whom, how long, what was discussed and what follows. Dates are civil
 * dates in the organisation's zone.
 */
export const competencySupervisionEntries = pgTable(
  "competency_supervision_entries",
  {
    id: id(),
    organizationId: orgRef(),
    heldOn: date("held_on").notNull(),
    supervisorId: uuid("supervisor_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    peerWorkerId: uuid("peer_worker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    minutes: integer("minutes").notNull(),
    topics: text("topics").notNull(),
    followUps: text("follow_ups").notNull().default(""),
    /** A mentoring session (peer-to-peer support for the worker) rather than formal supervision. */
    mentoring: boolean("mentoring").notNull().default(false),
    recordedBy: userRef("recorded_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("competency_supervision_org_held").on(t.organizationId, t.heldOn),
    index("competency_supervision_peer").on(t.organizationId, t.peerWorkerId),
    check("competency_supervision_minutes", sql`${t.minutes} between 1 and 600`),
    check("competency_supervision_not_self", sql`${t.supervisorId} <> ${t.peerWorkerId}`),
  ],
);
