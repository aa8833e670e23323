import { and, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { individualContacts, recordAddenda } from "~/db/tables/records";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_NOTE, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { LOCKED, resolvePlanLink } from "../mutations.server";
import { canWriteContact } from "../policy";
import { contactPerson, contactPlanReach, contactPrograms, orgTodayFor, readableContacts } from "./queries.server";
import type { ContactFields } from "./schema";
import { contactChangedSince, contactVersion } from "./version";

async function writablePerson(tx: Executor, user: CurrentUser, participantId: string) {
  const person = await contactPerson(tx, user, participantId);
  if (!canWriteContact(user, person)) forbidden("You log a person's one-to-one contacts only while you lead a group they are enrolled in, or as a manager.");
  return person;
}

const contactValues = (c: { programId: string | null; contactDate: string; minutes: number; mode: string; component: string | null; note: string; goalId: string | null; objectiveId: string | null }) => ({
  programId: c.programId,
  contactDate: c.contactDate,
  minutes: c.minutes,
  mode: c.mode as "in_person" | "phone" | "video",
  component: c.component as ContactFields["component"],
  note: c.note,
  goalId: c.goalId,
  objectiveId: c.objectiveId,
});

export const CHOOSE_PROGRAM = "Choose the program this contact belongs to";
export const NOT_YOUR_PROGRAM = "Choose one of the programs listed: a contact belongs to the program of a group you lead that the person attends now.";

/**
 * The program a contact is saved under (42 CFR Part 2: its program's staff read it): one of
 * `allowed` (`contactPrograms`, plus a draft's own program), the only one when none is chosen; no
 * program only when there is none to choose (a manager, with the person in no group now — then
 * managers alone read it). Anything else is refused on the field.
 */
function programOf(chosen: string | undefined, allowed: readonly { id: string }[]): string | null {
  if (chosen) {
    if (!allowed.some((p) => p.id === chosen)) throw new UserInputError(NOT_YOUR_PROGRAM, "programId");
    return chosen;
  }
  if (allowed.length === 1) return allowed[0].id;
  if (allowed.length > 1) throw new UserInputError(CHOOSE_PROGRAM, "programId");
  return null;
}

export const STALE_CONTACT =
  "This contact was changed by someone else after you opened this page, so nothing was saved (nor signed). The form keeps your entries and the contact as it is saved now is shown above it: compare them, then save again.";

/** A draft contact the caller reads (`readableContacts`), locked for the save; 404 otherwise, refused once signed. */
async function lockedDraft(tx: Executor, user: CurrentUser, participantId: string, contactId: string, allowed: readonly { id: string }[]) {
  const [existing] = await tx
    .select()
    .from(individualContacts)
    .where(and(eq(individualContacts.id, contactId), eq(individualContacts.participantId, participantId), eq(individualContacts.organizationId, user.organizationId), readableContacts(user, allowed)))
    .for("update");
  if (!existing) notFound("We can't find that contact.");
  if (existing.signedAt) throw new UserInputError(LOCKED);
  return existing;
}

/**
 * Logs a one-to-one contact, or saves changes to a draft (`contactId`), optionally signing it —
 * the progress notes' rules: only staff with a current relationship to the person, under a program
 * they may record for (`programOf`; a draft is changed only by someone who reads it), a signed
 * contact is locked (refused here and by the database trigger; later changes are addenda), every
 * write audited in the person's disclosure history.
 */
export async function saveContact(
  user: CurrentUser,
  participantId: string,
  contactId: string | null,
  fields: ContactFields,
  now: Date,
  /**
   * `claim`: the new-contact form's one-time token — the same form sent again logs nothing and answers as the first did.
   * `version`: the draft's version its page was opened on (contactVersion): a draft changed by
   * someone else since is refused (StaleSave, naming the fields), and so is `null`, a form that
   * named none (UnversionedSave); callers outside a form pass no `version` and are not compared.
   */
  options: { sign?: boolean; claim?: FormClaim; version?: string | null } = {},
): Promise<{ contactId: string; repeated?: true }> {
  return db.transaction(async (tx) => {
    const person = await writablePerson(tx, user, participantId);
    const claim = contactId ? undefined : options.claim;
    if (claim) {
      const first = await claimForm<{ contactId: string }>(tx, user.organizationId, claim);
      if (first) return { contactId: first.outcome.contactId, repeated: true as const };
    }
    const allowed = await contactPrograms(tx, user, person.id);
    // The draft, locked: two saves at once take turns, and the second is compared with the first's result.
    const existing = contactId ? await lockedDraft(tx, user, person.id, contactId, allowed) : null;
    if (existing && options.version !== undefined) {
      if (options.version === null) throw new UnversionedSave(NO_VERSION_NOTE, contactVersion(existing));
      const changed = contactChangedSince(options.version, existing);
      if (changed.length) throw new StaleSave(STALE_CONTACT, contactVersion(existing), changed);
    }
    if (fields.contactDate > (await orgTodayFor(tx, user.organizationId, now))) throw new UserInputError("The contact's date cannot be in the future.", "contactDate");
    // Only goals of the plan the writer reaches (another program's goals are not offered, nor taken).
    const reach = await contactPlanReach(tx, user, person);
    if (fields.planLink && !reach) throw new UserInputError("Choose one of this person's active goals or objectives", "planLink");
    const { goalId, objectiveId } = await resolvePlanLink(tx, user.organizationId, person.id, fields.planLink, reach ?? undefined);
    if (options.sign) {
      if (!fields.component) throw new UserInputError("Choose the component of peer support before signing", "component");
      if (!fields.note) throw new UserInputError("Write the note before signing", "note");
    }
    const subject = { organizationId: user.organizationId, actorId: user.id, subjectType: "individual_contact", subjectUserId: person.id } as const;
    let id: string;
    if (!existing) {
      const values = contactValues({ ...fields, programId: programOf(fields.programId, allowed), goalId, objectiveId });
      const [created] = await tx
        .insert(individualContacts)
        .values({ organizationId: user.organizationId, participantId: person.id, authorId: user.id, updatedBy: user.id, updatedAt: now, createdAt: now, ...values })
        .returning({ id: individualContacts.id });
      id = created.id;
      await audit(tx, { ...subject, action: "contact.create", subjectId: id, after: values });
    } else {
      id = existing.id;
      // A draft keeps its program unless another is chosen.
      const keep = existing.programId && !allowed.some((p) => p.id === existing.programId) ? [...allowed, { id: existing.programId }] : allowed;
      const values = contactValues({ ...fields, programId: programOf(fields.programId || existing.programId || undefined, keep), goalId, objectiveId });
      const updated = await tx
        .update(individualContacts)
        .set({ ...values, updatedAt: now, updatedBy: user.id })
        .where(and(eq(individualContacts.id, id), isNull(individualContacts.signedAt)))
        .returning({ id: individualContacts.id });
      if (!updated.length) throw new UserInputError(LOCKED);
      const before = contactValues(existing);
      if (JSON.stringify(before) !== JSON.stringify(values)) await audit(tx, { ...subject, action: "contact.update", subjectId: id, before, after: values });
    }
    if (options.sign) {
      await tx.update(individualContacts).set({ signedAt: now, signedBy: user.id }).where(and(eq(individualContacts.id, id), isNull(individualContacts.signedAt)));
      await audit(tx, { ...subject, action: "contact.sign", subjectId: id });
    }
    if (claim) await recordOutcome(tx, claim, { contactId: id });
    return { contactId: id };
  });
}

/** An addendum to a signed contact: appended with author and time; the contact is unchanged. */
export async function addContactAddendum(
  user: CurrentUser,
  participantId: string,
  contactId: string,
  body: string,
  now: Date,
  /** The form's one-time token: the same addendum sent again is not appended twice. */
  claim?: FormClaim,
): Promise<{ addendumId: string }> {
  return db.transaction(async (tx) => {
    const person = await writablePerson(tx, user, participantId);
    if (claim) {
      const first = await claimForm<{ addendumId: string }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
    const [contact] = await tx
      .select()
      .from(individualContacts)
      .where(
        and(
          eq(individualContacts.id, contactId),
          eq(individualContacts.participantId, person.id),
          eq(individualContacts.organizationId, user.organizationId),
          readableContacts(user, await contactPrograms(tx, user, person.id)),
        ),
      )
      .for("update");
    if (!contact) notFound("We can't find that contact.");
    if (!contact.signedAt) throw new UserInputError("This contact is still a draft: change it directly, addenda are for signed contacts.", "body");
    const [row] = await tx
      .insert(recordAddenda)
      .values({ organizationId: user.organizationId, noteKind: "contact", noteId: contact.id, authorId: user.id, body, createdAt: now })
      .returning({ id: recordAddenda.id });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "contact.addendum", subjectType: "individual_contact", subjectId: contact.id, subjectUserId: person.id, after: { addendumId: row.id, body } });
    if (claim) await recordOutcome(tx, claim, { addendumId: row.id });
    return { addendumId: row.id };
  });
}
