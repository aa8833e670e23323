import { eq } from "drizzle-orm";
import { invitationEmail } from "~emails/invitation";
import { db } from "~/db/client.server";
import { invitations, organizations } from "~/db/schema";
import { organizationLogos } from "~/db/tables/orgs";
import { detectFileType, formatBytes } from "~/modules/competency/files";
import { INVITATION_TTL_MS } from "~/modules/auth/mutations.server";
import { randomToken, sha256 } from "~/modules/auth/tokens.server";
import { ensureStarterFramework } from "~/modules/competency/framework/mutations.server";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { discreetInvitee } from "~/modules/calendar/queries.server";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_ANSWERS, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { fieldsChangedSince, fieldsVersion } from "~/modules/forms/versions";
import { MAX_LOGO_BYTES } from "./brand";
import { cleanLogoImage } from "./logo-image";
import { canEditOrganization } from "./policy";
import { DEFAULT_CRISIS_TEXT, type NewOrganizationInput, type OrganizationInput } from "./schema";

const FIELDS = ["name", "timezone", "crisisText", "contactEmail", "contactPhone", "address", "defaultCountry", "smsSenderName"] as const;

/** The version of the organisation's details as the admin page showed them (one fingerprint per field, forms/versions.ts). */
export function organizationVersion(org: Record<(typeof FIELDS)[number], unknown>): string {
  return fieldsVersion(FIELDS, org);
}

export const STALE_ORGANIZATION =
  "The organisation's details were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the details as saved now are shown above it: compare them, then save again.";

/**
 * The administrator changes the organisation's name, time zone, crisis text and contact details.
 * Audited with the changed fields only; saving unchanged details writes nothing. Returns the
 * fields changed. `version` is the one the page was opened on (organizationVersion): the form
 * sends back every field, so a save from a page opened before another administrator changed the
 * crisis text (say) would write the old one back. Such a save is refused, naming the fields
 * changed (StaleSave); `null` (a form that named no version) is refused too (UnversionedSave);
 * callers outside a form pass none.
 */
export async function updateOrganization(user: CurrentUser, input: OrganizationInput, options: { version?: string | null } = {}): Promise<string[]> {
  if (!canEditOrganization(user)) forbidden("Only an administrator changes the organisation's details.");
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, user.organizationId)).for("update");
    if (options.version !== undefined) {
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, organizationVersion(current));
      const changedMeanwhile = fieldsChangedSince(FIELDS, options.version, current);
      if (changedMeanwhile.length) throw new StaleSave(STALE_ORGANIZATION, organizationVersion(current), changedMeanwhile);
    }
    const changed = FIELDS.filter((f) => current[f] !== input[f]);
    if (changed.length === 0) return [];
    const pick = (from: Record<(typeof FIELDS)[number], string>) => Object.fromEntries(changed.map((f) => [f, from[f]]));
    await tx.update(organizations).set(pick(input)).where(eq(organizations.id, user.organizationId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "organization.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: pick(current),
      after: pick(input),
    });
    return changed;
  });
}

/**
 * Creates an organisation (the platform operator's tool: `npm run create-organization`) with the
 * starter competency framework and an emailed invitation for its first administrator, in one
 * transaction. Returns the invitation link as well, for the operator to pass on by hand.
 */
export async function createOrganization(input: NewOrganizationInput, options: { baseUrl: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({ slug: input.slug, name: input.name, timezone: input.timezone, crisisText: input.crisisText || DEFAULT_CRISIS_TEXT, createdAt: options.now })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id });
    if (!org) throw new UserInputError(`The slug "${input.slug}" is already used by another organisation; choose another.`, "slug");
    await ensureStarterFramework(tx, org.id);
    await ensureFeedbackQuestions(tx, org.id);
    const token = randomToken();
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organizationId: org.id,
        email: input.adminEmail,
        role: "admin",
        tokenHash: sha256(token),
        invitedBy: null,
        expiresAt: new Date(options.now.getTime() + INVITATION_TTL_MS),
        createdAt: options.now,
      })
      .returning({ id: invitations.id });
    const url = `${options.baseUrl}/invite/${token}`;
    const mail = invitationEmail({ organizationName: input.name, inviterName: null, role: "admin", url, discreet: await discreetInvitee(tx, input.adminEmail) });
    await enqueueEmail(tx, { ...mail, to: input.adminEmail, organizationId: org.id, dedupeKey: `org-admin-invitation:${invitation.id}` });
    await audit(tx, {
      organizationId: org.id,
      actorId: null,
      action: "organization.create",
      subjectType: "organization",
      subjectId: org.id,
      after: { name: input.name, slug: input.slug, timezone: input.timezone, adminEmail: input.adminEmail },
    });
    return { organizationId: org.id, invitationUrl: url };
  });
}

/**
 * The administrator sets the organisation's logo: a PNG or JPEG of at most MAX_LOGO_BYTES, judged
 * by its first bytes (the same check as uploaded certificates; the declared type and the file name
 * are the sender's claims). SVG is refused: it can carry script. Replaces any earlier logo, in one
 * transaction with its audit entry.
 */
export async function setOrganizationLogo(user: CurrentUser, bytes: Uint8Array, now: Date) {
  if (!canEditOrganization(user)) forbidden("Only an administrator changes the organisation's logo.");
  if (bytes.byteLength === 0) throw new UserInputError("Choose an image file for the logo.", "logo");
  if (bytes.byteLength > MAX_LOGO_BYTES) {
    throw new UserInputError(`This image is ${formatBytes(bytes.byteLength)}; a logo may be at most ${formatBytes(MAX_LOGO_BYTES)}.`, "logo");
  }
  const type = detectFileType(bytes);
  if (type !== "image/png" && type !== "image/jpeg") {
    throw new UserInputError("Upload the logo as a PNG or JPEG image. This file's content is not one of those, whatever its name says.", "logo");
  }
  // Stored as its pixels only: size checked, metadata and anything appended left out.
  const clean = cleanLogoImage(bytes, type);
  if ("problem" in clean) throw new UserInputError(clean.problem, "logo");
  bytes = clean.bytes;
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ logoUpdatedAt: organizations.logoUpdatedAt })
      .from(organizations)
      .where(eq(organizations.id, user.organizationId))
      .for("update");
    const [previous] = await tx
      .select({ contentType: organizationLogos.contentType, sizeBytes: organizationLogos.sizeBytes })
      .from(organizationLogos)
      .where(eq(organizationLogos.organizationId, user.organizationId));
    const row = { contentType: type, content: Buffer.from(bytes), sizeBytes: bytes.byteLength, uploadedBy: user.id, uploadedAt: now };
    await tx
      .insert(organizationLogos)
      .values({ organizationId: user.organizationId, ...row })
      .onConflictDoUpdate({ target: organizationLogos.organizationId, set: row });
    await tx.update(organizations).set({ logoUpdatedAt: now }).where(eq(organizations.id, user.organizationId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "organization.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: { logo: current?.logoUpdatedAt && previous ? { contentType: previous.contentType, sizeBytes: previous.sizeBytes } : null },
      after: { logo: { contentType: type, sizeBytes: bytes.byteLength } },
    });
  });
}

/** The administrator removes the logo; the header shows the name alone again. Audited; false if there was none. */
export async function removeOrganizationLogo(user: CurrentUser): Promise<boolean> {
  if (!canEditOrganization(user)) forbidden("Only an administrator changes the organisation's logo.");
  return db.transaction(async (tx) => {
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, user.organizationId)).for("update");
    const [removed] = await tx
      .delete(organizationLogos)
      .where(eq(organizationLogos.organizationId, user.organizationId))
      .returning({ contentType: organizationLogos.contentType, sizeBytes: organizationLogos.sizeBytes });
    if (!removed) return false;
    await tx.update(organizations).set({ logoUpdatedAt: null }).where(eq(organizations.id, user.organizationId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "organization.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: { logo: removed },
      after: { logo: null },
    });
    return true;
  });
}
