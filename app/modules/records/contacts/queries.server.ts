import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { organizations, users } from "~/db/schema";
import { individualContacts, recordAddenda } from "~/db/tables/records";
import { recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import { personRelations } from "~/modules/audit/relationship.server";
import type { CurrentUser, PersonRelations } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { canManageIncidents, canWriteContact } from "../policy";
import { planLinks, SIGNED_LOOKBACK_DAYS } from "../queries.server";

/** The participant a contact is about: a participant of the caller's organisation (404 otherwise), with the relationship facts. */
export async function contactPerson(exec: Executor, user: CurrentUser, participantId: string): Promise<PersonRelations & { name: string }> {
  const person = await personRelations(exec, user.organizationId, participantId);
  if (!person || person.role !== "participant") notFound("We can't find that participant.");
  const [row] = await exec.select({ name: users.name }).from(users).where(eq(users.id, participantId));
  return { ...person, name: row.name };
}

async function readablePerson(user: CurrentUser, participantId: string) {
  const person = await contactPerson(db, user, participantId);
  if (!canWriteContact(user, person)) forbidden("A person's one-to-one contacts are for managers and the facilitators of their groups.");
  return person;
}

const nameOf = (alias: string) => sql<string | null>`(select name from users where id = ${sql.raw(alias)})`;

const contactColumns = {
  id: individualContacts.id,
  contactDate: sql<string>`${individualContacts.contactDate}::text`,
  minutes: individualContacts.minutes,
  mode: individualContacts.mode,
  component: individualContacts.component,
  goalId: individualContacts.goalId,
  objectiveId: individualContacts.objectiveId,
  goalTitle: sql<string | null>`(select title from participant_goals g where g.id = "individual_contacts"."goal_id")`,
  objectiveText: sql<string | null>`(select description from goal_objectives o where o.id = "individual_contacts"."objective_id")`,
  note: individualContacts.note,
  authorName: nameOf('"individual_contacts"."author_id"'),
  signedAt: individualContacts.signedAt,
  signedByName: nameOf('"individual_contacts"."signed_by"'),
};

async function recordViewed(user: CurrentUser, participantId: string, page: string) {
  await recordDisclosureOncePerDay(db, { organizationId: user.organizationId, actorId: user.id, action: "contact.viewed", subjectType: "user", subjectId: participantId, after: { page } }, [participantId]);
}

/** Today in the organisation's zone ("YYYY-MM-DD"): a contact cannot be dated later. */
export async function orgTodayFor(exec: Executor, organizationId: string, now: Date): Promise<string> {
  const [org] = await exec.select({ zone: organizations.timezone }).from(organizations).where(eq(organizations.id, organizationId));
  return new Intl.DateTimeFormat("en-CA", { timeZone: org.zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * A person's one-to-one contacts, newest first, with the goals and objectives a new one can be
 * linked to. Staff with a current relationship only (403 otherwise, 404 for another organisation);
 * the read is in the person's disclosure history (once per viewer and day).
 */
export async function listContacts(user: CurrentUser, participantId: string, now: Date) {
  const person = await readablePerson(user, participantId);
  const contacts = await db
    .select(contactColumns)
    .from(individualContacts)
    .where(and(eq(individualContacts.organizationId, user.organizationId), eq(individualContacts.participantId, person.id)))
    .orderBy(desc(individualContacts.contactDate), desc(individualContacts.createdAt))
    .limit(500);
  await recordViewed(user, person.id, "contacts");
  return { person: { id: person.id, name: person.name }, contacts, planOptions: await planLinks(db, user.organizationId, person.id), today: await orgTodayFor(db, user.organizationId, now) };
}

/** One contact with its addenda (same rule; 404 for a contact that is not this person's). */
export async function getContact(user: CurrentUser, participantId: string, contactId: string) {
  const person = await readablePerson(user, participantId);
  const [contact] = await db
    .select(contactColumns)
    .from(individualContacts)
    .where(and(eq(individualContacts.id, contactId), eq(individualContacts.participantId, person.id), eq(individualContacts.organizationId, user.organizationId)));
  if (!contact) notFound("We can't find that contact.");
  const addenda = await db
    .select({ id: recordAddenda.id, body: recordAddenda.body, createdAt: recordAddenda.createdAt, authorName: users.name })
    .from(recordAddenda)
    .leftJoin(users, eq(users.id, recordAddenda.authorId))
    .where(and(eq(recordAddenda.noteKind, "contact"), eq(recordAddenda.noteId, contact.id)))
    .orderBy(asc(recordAddenda.createdAt));
  await recordViewed(user, person.id, "contact");
  return { person: { id: person.id, name: person.name }, contact, addenda, planOptions: await planLinks(db, user.organizationId, person.id) };
}

/**
 * The managers' report (/metrics/records): one-to-one contacts signed in the last 30 days (by
 * their date, in the organisation's zone) with their minutes and the people reached, and how many
 * contacts are still unsigned drafts. Managers and administrators of the organisation only.
 */
export async function contactsReport(user: CurrentUser, now: Date) {
  if (!canManageIncidents(user, user)) forbidden("The service-records report is for managers.");
  const since = await orgTodayFor(db, user.organizationId, new Date(now.getTime() - SIGNED_LOOKBACK_DAYS * 86_400_000));
  const signedSince = sql`${individualContacts.signedAt} is not null and ${individualContacts.contactDate} >= ${since}::date`;
  const [row] = await db
    .select({
      signed: sql<number>`count(*) filter (where ${signedSince})::int`,
      minutes: sql<number>`coalesce(sum(${individualContacts.minutes}) filter (where ${signedSince}), 0)::int`,
      people: sql<number>`count(distinct ${individualContacts.participantId}) filter (where ${signedSince})::int`,
      drafts: sql<number>`count(*) filter (where ${individualContacts.signedAt} is null)::int`,
    })
    .from(individualContacts)
    .where(eq(individualContacts.organizationId, user.organizationId));
  return { ...row, since };
}
