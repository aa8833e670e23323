import { check, customType, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { organizations, users } from "~/db/schema";

/** Raw bytes: the logo lives in PostgreSQL, so every app instance can serve it. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

/**
 * An organisation's logo (at most one): a PNG or JPEG whose type was read from its bytes, never
 * from the upload's claims. Kept apart from `organizations` so reading an organisation never
 * carries the image.
 */
export const organizationLogos = pgTable(
  "organization_logos",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    content: bytea("content").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("organization_logos_content_type", sql`${t.contentType} in ('image/png', 'image/jpeg')`)],
);
