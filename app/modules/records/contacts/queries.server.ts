import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, organizations, programs, users } from "~/db/schema";
import { individualContacts, recordAddenda } from "~/db/tables/records";
import { recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import { personRelations } from "~/modules/audit/relationship.server";
import { canManage, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { canManageIncidents, canWriteContact } from "../policy";
import { planProgramsOf } from "~/modules/metrics/plan-access.server";
import { planReach, type PlanReach } from "~/modules/metrics/policy";
import { planLinks, SIGNED_LOOKBACK_DAYS } from "../queries.server";
import { contactVersion } from "./version";

/** The participant a contact is about: a participant of the caller's organisation (404 otherwise), with the relationship facts. */
export async function contactPerson(exec: Executor, user: CurrentUser, participantId: string): Promise<PersonRelations & { name: string }> {
  const person = await personRelations(exec, user.organizationId, participantId);
  if (!person || person.role !== "participant") notFound("We can't find that participant.");
  const [row] = await exec.select({ name: users.name }).from(users).where(eq(users.id, participantId));
  return { ...person, name: row.name };
}

/**
 * The person's goals and objectives a contact written by `user` may link to: only those of the plan
 * they reach (metrics/policy.ts planReach — a facilitator, the goals of the programs they lead with
 * the person), never another program's recovery goals. None without any reach.
 */
export async function contactPlanReach(exec: Executor, user: CurrentUser, person: PersonRelations): Promise<PlanReach | null> {
  return planReach(user, person, await planProgramsOf(exec, person.organizationId, user.id, person.id));
}

async function contactPlanOptions(exec: Executor, user: CurrentUser, person: PersonRelations): Promise<{ value: string; label: string }[]> {
  const reach = await contactPlanReach(exec, user, person);
  return reach ? await planLinks(exec, user.organizationId, person.id, reach) : [];
}

async function readablePerson(user: CurrentUser, participantId: string) {
  const person = await contactPerson(db, user, participantId);
  if (!canWriteContact(user, person)) forbidden("A person's one-to-one contacts are for managers and the facilitators of their groups.");
  return person;
}

/**
 * The programs a contact with this person may belong to when `user` logs it (42 CFR Part 2: a
 * contact is read by its program's staff): for a facilitator, the programs of the groups they lead
 * now in which the person is enrolled now; for a manager, the programs of every group the person
 * is enrolled in now. A facilitator reads the contacts of exactly these programs.
 */
export async function contactPrograms(exec: Executor, user: CurrentUser, participantId: string): Promise<{ id: string; name: string }[]> {
  const manager = canManage(user.role);
  return exec
    .selectDistinct({ id: programs.id, name: programs.name })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(
      and(
        eq(enrolments.userId, participantId),
        eq(enrolments.status, "enrolled"),
        eq(groups.organizationId, user.organizationId),
        manager ? undefined : sql`exists (select 1 from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id} and ${groupFacilitators.userId} = ${user.id})`,
      ),
    )
    .orderBy(asc(programs.name));
}

/**
 * Which of the person's contacts `user` (staff with the relationship) reads: a manager all; a
 * facilitator those of the programs of the groups they lead now with the person (`contactPrograms`).
 * A contact naming no program is for managers. Undefined = no restriction.
 */
export function readableContacts(user: CurrentUser, facilitatorPrograms: readonly { id: string }[]): SQL | undefined {
  if (canManage(user.role)) return undefined;
  return facilitatorPrograms.length ? inArray(individualContacts.programId, facilitatorPrograms.map((p) => p.id)) : sql`false`;
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
  programId: individualContacts.programId,
  programName: sql<string | null>`(select name from programs p where p.id = "individual_contacts"."program_id")`,
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
 * A person's one-to-one contacts that `user` reads (`readableContacts`: a facilitator those of the
 * programs of the groups they lead with the person), newest first, with the goals and objectives
 * and the programs a new one can be linked to, and how many contacts naming no program only
 * managers read. Staff with a current relationship only (403 otherwise, 404 for another
 * organisation); the read is in the person's disclosure history (once per viewer and day).
 */
export async function listContacts(user: CurrentUser, participantId: string, now: Date) {
  const person = await readablePerson(user, participantId);
  const programOptions = await contactPrograms(db, user, person.id);
  const ofPerson = and(eq(individualContacts.organizationId, user.organizationId), eq(individualContacts.participantId, person.id));
  const contacts = await db
    .select(contactColumns)
    .from(individualContacts)
    .where(and(ofPerson, readableContacts(user, programOptions)))
    .orderBy(desc(individualContacts.contactDate), desc(individualContacts.createdAt))
    .limit(500);
  const [hidden] = canManage(user.role)
    ? [{ n: 0 }]
    : await db.select({ n: sql<number>`count(*)::int` }).from(individualContacts).where(and(ofPerson, isNull(individualContacts.programId)));
  await recordViewed(user, person.id, "contacts");
  return {
    person: { id: person.id, name: person.name },
    contacts,
    managersOnly: hidden.n,
    programOptions,
    planOptions: await contactPlanOptions(db, user, person),
    today: await orgTodayFor(db, user.organizationId, now),
  };
}

/**
 * One contact with its addenda (same rule; 404 for a contact that is not this person's or that
 * `user` does not read — another program's, or one naming no program for a facilitator), with the
 * programs a draft can be moved to (its own kept) and the draft's version for its form.
 */
export async function getContact(user: CurrentUser, participantId: string, contactId: string) {
  const person = await readablePerson(user, participantId);
  const programOptions = await contactPrograms(db, user, person.id);
  const [contact] = await db
    .select(contactColumns)
    .from(individualContacts)
    .where(and(eq(individualContacts.id, contactId), eq(individualContacts.participantId, person.id), eq(individualContacts.organizationId, user.organizationId), readableContacts(user, programOptions)));
  if (!contact) notFound("We can't find that contact.");
  if (contact.programId && contact.programName !== null && !programOptions.some((p) => p.id === contact.programId)) programOptions.push({ id: contact.programId, name: contact.programName });
  const addenda = await db
    .select({ id: recordAddenda.id, body: recordAddenda.body, createdAt: recordAddenda.createdAt, authorName: users.name })
    .from(recordAddenda)
    .leftJoin(users, eq(users.id, recordAddenda.authorId))
    .where(and(eq(recordAddenda.noteKind, "contact"), eq(recordAddenda.noteId, contact.id)))
    .orderBy(asc(recordAddenda.createdAt));
  await recordViewed(user, person.id, "contact");
  // The version the page's form carries (contactVersion): a save from it is refused once someone else changed the draft.
  return { person: { id: person.id, name: person.name }, contact, version: contactVersion(contact), addenda, programOptions, planOptions: await contactPlanOptions(db, user, person) };
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
