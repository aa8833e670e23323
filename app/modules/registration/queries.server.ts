import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { db, withDatabase } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, organizations, programs, sessions, users } from "~/db/schema";
import { enrolmentDetails, intakes, waitlistSettings } from "~/db/tables/registration";
import { intakeAlertCount, intakesVisibleTo } from "./intake-visibility.server";
import { audit, recordDisclosure } from "~/modules/audit/mutations.server";
import { hasStaffRelationship } from "~/modules/audit/relationship.server";
import { canManage, isStaff, type CurrentUser } from "~/modules/auth/policy";
import { getUser } from "~/modules/auth/session.server";
import { findOrganizationBySlug, nextScheduledSession } from "~/modules/groups/queries.server";
import { currentConsents, hasConsent, stateOf, type ConsentState } from "~/modules/consent/queries.server";
import type { ConsentKind } from "~/modules/consent/wording";
import { notFound } from "~/modules/errors";
import { matchesCatalogueFilter, programOptions, seatsLabel } from "./catalogue";
import { groupSeats } from "./seats.server";
import { groupFacilitatorIds, loadQueue, readSettings } from "./mutations.server";
import { canViewIntake, canViewWaitlist, publicViewerKind, type PublicViewer } from "./policy";
import type { CatalogueFilter } from "./schema";
import { nextStepText, offerHasLapsed, orderWaitlist, waitlistPosition } from "./waitlist";
import { emailHint, realEmail } from "~/modules/attendance/walk-ins";
import { emailUnconfirmed } from "~/modules/notifications/mutations.server";

const CATALOGUE_WINDOW_DAYS = 120;

/** The signed-in catalogue: the organisation's groups with next sessions, seats and the viewer's own status. */
export async function listCatalogue(user: CurrentUser, filter: CatalogueFilter, now: Date) {
  const rows = await db
    .select({
      id: groups.id,
      organizationId: groups.organizationId,
      name: groups.name,
      kind: groups.kind,
      description: groups.description,
      timezone: groups.timezone,
      capacity: groups.capacity,
      location: groups.location,
      onlineUrl: groups.onlineUrl,
      language: groups.language,
      programId: groups.programId,
      programName: programs.name,
    })
    .from(groups)
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(eq(groups.organizationId, user.organizationId))
    .orderBy(programs.name, groups.name);
  const ids = rows.map((r) => r.id);
  const upcoming = await upcomingCatalogueSessions(user.organizationId, ids, now);
  const counts = await groupSeats(db, user.organizationId, ids, now);
  const mine = await db
    .select({ groupId: enrolments.groupId, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.organizationId, user.organizationId), eq(enrolments.userId, user.id)));
  const led = new Set(
    (await db.select({ id: groupFacilitators.groupId }).from(groupFacilitators).where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId)))).map((r) => r.id),
  );
  const languages = [...new Set(rows.map((r) => r.language.toLowerCase()))].sort();
  const programsOut = programOptions(rows);
  // A program id that is not one of this organisation's programs filters nothing, and says so.
  const unknownProgram = Boolean(filter.program) && !programsOut.some((p) => p.id === filter.program);
  const used = unknownProgram ? { ...filter, program: "" } : filter;
  const groupsOut = rows
    .map((g) => {
      const own = upcoming.filter((s) => s.groupId === g.id);
      const c = counts.get(g.id) ?? { taken: 0, waiting: 0 };
      return {
        ...g,
        upcoming: own.map((s) => s.startsAt),
        nextSessions: own.slice(0, 3).map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })),
        seats: seatsLabel(g.capacity, c.taken, c.waiting),
        myStatus: mine.find((m) => m.groupId === g.id)?.status ?? null,
        /** Whether the viewer may open this group's seats, waitlist and intakes. */
        staffAccess: canViewWaitlist(user, { organizationId: g.organizationId, facilitatorIds: led.has(g.id) ? [user.id] : [] }),
      };
    })
    .map(({ onlineUrl, ...g }) => ({ ...g, online: onlineUrl.trim() !== "" }))
    .filter((g) => matchesCatalogueFilter({ ...g, seatsLeft: g.seats.seatsLeft }, used, user.timezone))
    // Whether the group meets online, never the meeting link (that is for its members and staff).
    .map(({ upcoming: _u, ...g }) => g);
  return { groups: groupsOut, languages, programs: programsOut, filter: used, unknownProgram };
}

/** What the registration page needs: the group, its next sessions, seats, and (for staff) participants. */
export async function getRegistrationContext(user: CurrentUser, groupId: string, now: Date) {
  const [group] = await db
    .select({
      id: groups.id,
      organizationId: groups.organizationId,
      name: groups.name,
      kind: groups.kind,
      description: groups.description,
      capacity: groups.capacity,
      location: groups.location,
      // Whether it meets online, never the meeting link: this page is for people without a seat
      // (the link is for its members and staff, on the group page).
      online: sql<boolean>`${groups.onlineUrl} <> ''`,
      language: groups.language,
    })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) notFound("Group not found");
  const facilitatorIds = await groupFacilitatorIds(db, group.id);
  const nextSessions = await db
    .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .where(and(eq(sessions.groupId, group.id), eq(sessions.status, "scheduled"), gte(sessions.startsAt, now)))
    .orderBy(asc(sessions.startsAt))
    .limit(3);
  const c = (await groupSeats(db, user.organizationId, [group.id], now)).get(group.id) ?? { taken: 0, waiting: 0 };
  const [own] = await db
    .select({ status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, user.id)));
  return { group: { ...group, facilitatorIds }, nextSessions, seats: seatsLabel(group.capacity, c.taken, c.waiting), myStatus: own?.status ?? null };
}

/**
 * Participants a staff member may register on someone's behalf: the organisation's current
 * participants. Managers see each address; a facilitator has no relationship with most of these
 * people and only some agreed that facilitators may see their email (facilitator_contact), so a
 * facilitator gets a hint to tell namesakes apart ("j…@example.org"), as on the referral form.
 * `emailUnconfirmed`: a real address its owner never confirmed — nothing is emailed to it
 * (processOutbox), so staff registering them know the registration email will not reach them.
 */
export async function listParticipants(user: CurrentUser) {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, emailUnconfirmed: emailUnconfirmed() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.role, "participant"), isNull(memberships.deactivatedAt)))
    .orderBy(users.name);
  // A walk-in's placeholder address is not an email: never sent to the page.
  const shown = (email: string) => (canManage(user.role) ? (realEmail(email) ?? "") : realEmail(email) ? emailHint(email) : "");
  return rows.map((r) => ({ ...r, email: shown(r.email) }));
}

/**
 * First names of the other enrolled participants, only when the group allows it (off by default)
 * and only of people whose current `classmates` consent is a yes for this group: the group's
 * setting can narrow what consent allows, never widen it. Otherwise null (names stay private).
 */
/** `shared`: the group's waiting-list setting "share first names with the group" (readSettings; read with the person's groups). */
async function classmatesIfShared(user: CurrentUser, groupId: string, now: Date, shared: boolean): Promise<string[] | null> {
  if (!shared) return null;
  const rows = await db
    .select({ name: users.name })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(
      and(
        eq(enrolments.groupId, groupId),
        eq(enrolments.organizationId, user.organizationId),
        eq(enrolments.status, "enrolled"),
        hasConsent("classmates", enrolments.userId, enrolments.groupId, now),
        sql`${enrolments.userId} <> ${user.id}`,
      ),
    )
    .orderBy(users.name);
  return rows.map((r) => r.name.split(/\s+/)[0]);
}

/** The participant's own registrations with status, waitlist position, offer deadline and next step. */
export async function listMyGroups(user: CurrentUser, now: Date) {
  const rows = await db
    .select({
      enrolmentId: enrolments.id,
      groupId: groups.id,
      groupName: groups.name,
      status: enrolments.status,
      location: groups.location,
      // The meeting link only once the person holds a seat (never while waiting or after leaving).
      onlineUrl: sql<string>`case when ${enrolments.status} = 'enrolled' then ${groups.onlineUrl} else '' end`,
      offerExpiresAt: enrolmentDetails.offerExpiresAt,
      updatedAt: enrolments.updatedAt,
      nextSession: nextScheduledSession(now),
      // readSettings' default (no row: names not shared), read here for every group at once.
      shareNames: sql<boolean>`coalesce(${waitlistSettings.shareNamesWithGroup}, false)`,
    })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .leftJoin(waitlistSettings, eq(waitlistSettings.groupId, groups.id))
    .where(and(eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), sql`${enrolments.status} <> 'interested'`))
    .orderBy(groups.name);
  // Each group's extra reads (its queue, its classmates) are independent: sent together.
  const out = await Promise.all(
    rows.map(async ({ shareNames, ...row }) => {
      let position: number | null = null;
      if (row.status === "waitlisted") {
        const queue = await loadQueue(db, row.groupId);
        position = waitlistPosition(queue.filter((q) => q.status === "waitlisted"), row.enrolmentId);
      }
      const lapsed = row.status === "offered" && offerHasLapsed(row.offerExpiresAt, now);
      const classmates = row.status === "enrolled" ? await classmatesIfShared(user, row.groupId, now, shareNames) : null;
      return { ...row, position, lapsed, classmates, nextStep: lapsed ? "The deadline for this offer has passed; the seat is passing to the next person." : nextStepText(row.status, position) };
    }),
  );
  const rank = (s: string) => ["offered", "enrolled", "waitlisted"].indexOf(s);
  return out.sort((a, b) => (rank(a.status) === -1 ? 9 : rank(a.status)) - (rank(b.status) === -1 ? 9 : rank(b.status)));
}

/** Intakes visible to this staff member (intakesVisibleTo, the one definition). */
function visibleIntakes(user: CurrentUser) {
  return intakesVisibleTo(db, canManage(user.role), user.organizationId, user.id);
}

/**
 * Unreviewed urgent or crisis intakes this person may see (the badge in the navigation): read with
 * the session on every page (CurrentUser.intakeAlerts); counted here for a user made elsewhere.
 */
export async function countIntakeAlerts(user: CurrentUser): Promise<number> {
  if (!isStaff(user.role)) return 0;
  if (user.intakeAlerts !== undefined) return user.intakeAlerts;
  const [row] = await intakeAlertCount(db, canManage(user.role), user.organizationId, user.id);
  return row?.n ?? 0;
}

/** The intake queue: crisis, then urgent, unreviewed before reviewed, oldest first. The listing is audited. */
export async function listIntakeQueue(user: CurrentUser, options: { show: "open" | "all"; exported?: boolean; limit?: number }) {
  const rows = await db
    .select({
      enrolmentId: intakes.enrolmentId,
      intakeId: intakes.id,
      userId: intakes.userId,
      participantName: users.name,
      groupId: groups.id,
      groupName: groups.name,
      needAreas: intakes.needAreas,
      urgent: intakes.urgent,
      crisis: intakes.crisis,
      createdAt: intakes.createdAt,
      reviewedAt: intakes.reviewedAt,
      status: enrolments.status,
    })
    .from(intakes)
    .innerJoin(users, eq(users.id, intakes.userId))
    .innerJoin(groups, eq(groups.id, intakes.groupId))
    .innerJoin(enrolments, eq(enrolments.id, intakes.enrolmentId))
    .where(and(visibleIntakes(user), options.show === "open" ? isNull(intakes.reviewedAt) : undefined))
    .orderBy(desc(intakes.crisis), desc(intakes.urgent), sql`${intakes.reviewedAt} is not null`, asc(intakes.createdAt))
    .limit(options.limit ?? 200);
  await recordDisclosure(
    db,
    {
      organizationId: user.organizationId,
      actorId: user.id,
      action: options.exported ? "intake.exported" : "intake.list",
      subjectType: "intake_queue",
      subjectId: user.organizationId,
      after: { intakeIds: rows.map((r) => r.intakeId), show: options.show },
    },
    rows.map((r) => r.userId),
  );
  return rows;
}

/** One intake record, for managers and the group's facilitators only (404 for anyone else); each view is audited. */
export async function viewIntake(user: CurrentUser, enrolmentId: string) {
  const [row] = await db
    .select({
      intake: intakes,
      participantName: users.name,
      participantEmail: users.email,
      groupName: groups.name,
      status: enrolments.status,
    })
    .from(intakes)
    .innerJoin(users, eq(users.id, intakes.userId))
    .innerJoin(groups, eq(groups.id, intakes.groupId))
    .innerJoin(enrolments, eq(enrolments.id, intakes.enrolmentId))
    .where(and(eq(intakes.enrolmentId, enrolmentId), eq(intakes.organizationId, user.organizationId)));
  if (!row) notFound("Intake not found");
  const facilitatorIds = await groupFacilitatorIds(db, row.intake.groupId);
  // Facilitators: only while the person is enrolled in a group they lead (audit/relationship.server.ts).
  if (!canViewIntake(user, { organizationId: row.intake.organizationId, facilitatorIds }) || !(await hasStaffRelationship(user, row.intake.userId))) notFound("Intake not found");
  await audit(db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "intake.view",
    subjectType: "intake",
    subjectId: row.intake.id,
    subjectUserId: row.intake.userId,
  });
  const [submitter] = row.intake.submittedBy
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, row.intake.submittedBy))
    : [];
  // Facilitators see contact details only with the person's consent; managers handle the registration itself.
  const now = new Date();
  const current = await currentConsents(db, { organizationId: user.organizationId, userId: row.intake.userId, groupId: row.intake.groupId, now });
  const contactShared = canManage(user.role) || stateOf(current.facilitator_contact, now) === "given";
  const consentStates = Object.fromEntries(
    Object.entries(current).map(([kind, r]) => [kind, { state: stateOf(r, now), source: r?.source ?? null, givenAt: r?.givenAt ?? null }]),
  ) as Record<ConsentKind, { state: ConsentState; source: string | null; givenAt: Date | null }>;
  return {
    ...row,
    intake: contactShared ? row.intake : { ...row.intake, phone: "" },
    participantEmail: contactShared ? row.participantEmail : "",
    contactShared,
    consentStates,
    submittedByName: submitter?.name ?? null,
    onBehalf: row.intake.submittedBy !== row.intake.userId,
  };
}

/** The staff view of a group's seats: enrolled, offers, and the ordered waitlist with urgency. */
export async function getGroupWaitlist(user: CurrentUser, groupId: string, now: Date) {
  const [group] = await db
    .select({ id: groups.id, organizationId: groups.organizationId, name: groups.name, capacity: groups.capacity })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) notFound("Group not found");
  const facilitatorIds = await groupFacilitatorIds(db, group.id);
  if (!canViewWaitlist(user, { organizationId: group.organizationId, facilitatorIds })) notFound("Group not found");
  const queue = await loadQueue(db, group.id);
  const settings = await readSettings(db, group.id);
  const people = (status: string) => queue.filter((q) => q.status === status).map(({ email: _e, timezone: _t, ...q }) => q);
  return {
    group,
    settings,
    enrolled: people("enrolled").sort((a, b) => a.name.localeCompare(b.name)),
    offered: people("offered").map((o) => ({ ...o, lapsed: offerHasLapsed(o.offerExpiresAt, now) })),
    waitlist: orderWaitlist(people("waitlisted")),
  };
}

/**
 * The public catalogue of one organisation, for anyone (signed out too): public facts only —
 * name, kind, program, description, language, zone, place ("Online" or the location text, never
 * the meeting link), seats left or waitlist length and the next session times (no notes, no
 * cancellation reasons). No person, no roster, no cohort.
 */
export async function listPublicCatalogue(organizationId: string, now: Date, filter: CatalogueFilter = EMPTY_FILTER, viewerZone: string | null = null) {
  const all = await publicGroups(organizationId, null, now, 3);
  const programsOut = programOptions(all);
  const unknownProgram = Boolean(filter.program) && !programsOut.some((p) => p.id === filter.program);
  const used = unknownProgram ? { ...filter, program: "" } : filter;
  const shown = all.filter((g) =>
    matchesCatalogueFilter({ ...g, seatsLeft: g.seats.seatsLeft }, used, viewerZone ?? g.timezone),
  );
  return { groups: shown.map(({ upcoming: _u, nextSession: _n, ...g }) => g), programs: programsOut, filter: used, unknownProgram };
}

/**
 * The organisation's front page (/o/:slug): every group with its program, place and next
 * scheduled session (however far ahead) — the catalogue's public facts, never the meeting link.
 */
export async function listPublicGroups(organizationId: string, now: Date) {
  const all = await publicGroups(organizationId, null, now, 0);
  return all.map(({ id, name, kind, description, programName, location, online, nextSession }) => ({ id, name, kind, description, programName, location, online, nextSession }));
}

const EMPTY_FILTER: CatalogueFilter = { kind: "", program: "", day: "", time: "", mode: "", seats: "", language: "" };

/**
 * Where a signed-out visitor opening /groups/:id is sent: the group's public page when the group
 * is in its organisation's public catalogue (the catalogue lists every group of an organisation:
 * publicGroups), else null, so an unknown id and a malformed one get the same answer (sign in).
 */
export async function publicGroupPath(groupId: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(groupId)) return null;
  const [row] = await db
    .select({ slug: organizations.slug, id: groups.id })
    .from(groups)
    .innerJoin(organizations, eq(organizations.id, groups.organizationId))
    .where(eq(groups.id, groupId));
  return row ? `/o/${encodeURIComponent(row.slug)}/groups/${row.id}` : null;
}

/**
 * Who is looking at an organisation's public pages, and in which zone times are shown: a signed-in
 * member of that organisation sees their own zone; a visitor (or someone of another organisation)
 * each group's own zone, named. 404 for an unknown organisation.
 */
export async function publicPageViewer(request: Request, slug: string) {
  const organization = await withDatabase(() => findOrganizationBySlug(slug));
  if (!organization) notFound("Organisation not found");
  const user = await getUser(request);
  const viewer: PublicViewer = publicViewerKind(user, organization.id);
  return {
    organization,
    viewer,
    viewerZone: user && (viewer === "member" || viewer === "staff") ? user.timezone : null,
  };
}

/** The scheduled sessions of these groups within the catalogue's window, earliest first (one query for the catalogue and the public pages). */
async function upcomingCatalogueSessions(organizationId: string, groupIds: string[], now: Date) {
  if (groupIds.length === 0) return [];
  return db
    .select({ groupId: sessions.groupId, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .where(
      and(
        eq(sessions.organizationId, organizationId),
        inArray(sessions.groupId, groupIds),
        eq(sessions.status, "scheduled"),
        gte(sessions.startsAt, now),
        lte(sessions.startsAt, new Date(now.getTime() + CATALOGUE_WINDOW_DAYS * 86_400_000)),
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

/** One group of the organisation as the public sees it, or 404 (another organisation's group too). */
export async function getPublicGroup(organizationId: string, groupId: string, now: Date) {
  const [group] = await publicGroups(organizationId, groupId, now, 10);
  if (!group) notFound("Group not found");
  const { upcoming: _u, nextSession: _n, ...shown } = group;
  return shown;
}

async function publicGroups(organizationId: string, groupId: string | null, now: Date, sessionsEach: number) {
  const rows = await db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      description: groups.description,
      timezone: groups.timezone,
      capacity: groups.capacity,
      location: groups.location,
      online: sql<boolean>`${groups.onlineUrl} <> ''`,
      language: groups.language,
      programId: groups.programId,
      programName: programs.name,
      /** The next scheduled session however far ahead (the front page); nextSessions stay within the catalogue's window. */
      nextSession: nextScheduledSession(now),
    })
    .from(groups)
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(and(eq(groups.organizationId, organizationId), groupId ? eq(groups.id, groupId) : undefined))
    .orderBy(programs.name, groups.name);
  const ids = rows.map((r) => r.id);
  const upcoming = await upcomingCatalogueSessions(organizationId, ids, now);
  const counts = await groupSeats(db, organizationId, ids, now);
  return rows.map(({ capacity, ...g }) => {
    const c = counts.get(g.id) ?? { taken: 0, waiting: 0 };
    return {
      ...g,
      place: [g.location, g.online ? "Online" : ""].filter(Boolean).join(", or ") || "Place to be announced",
      seats: seatsLabel(capacity, c.taken, c.waiting),
      nextSessions: upcoming
        .filter((s) => s.groupId === g.id)
        .slice(0, sessionsEach)
        .map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })),
      /** Every scheduled start in the catalogue's window (the day and time filters read them). */
      upcoming: upcoming.filter((s) => s.groupId === g.id).map((s) => s.startsAt),
    };
  });
}
