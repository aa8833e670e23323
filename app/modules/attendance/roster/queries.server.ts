/** The roster of one session as staff see it: who is on it, their marks, each mark's history, walk-in search. */
import { and, asc, desc, eq, ilike, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { auditEvents, enrolments, memberships, sessions, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import type { CurrentUser } from "~/modules/auth/policy";
import { sessionBeforeEnrolment } from "~/modules/completion/outcome";
import { currentStayStart } from "~/modules/completion/queries.server";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { attendanceSubject, contactSharedColumn, findSessionForStaff, shownContact, type StaffSession } from "../queries.server";
import { isCheckInOpen, summarise, type AttendanceStatus } from "../rules";
import { emailUnconfirmed } from "~/modules/notifications/mutations.server";
import { emailHint, realEmail, WALK_IN_EMAIL_DOMAIN } from "../walk-ins";

export type RosterRow = {
  userId: string;
  name: string;
  email: string;
  enrolled: boolean;
  /** Enrolled, and the enrolment started on a day after this session (sessionBeforeEnrolment): not marked absent in bulk. */
  joinedLater: boolean;
  status: AttendanceStatus | null;
  arrivedAt: Date | null;
  leftAt: Date | null;
  note: string;
  apologyReason: string;
  walkIn: boolean;
  /** A real address its owner never confirmed (a walk-in's typed address, an unconfirmed sign-up's): nothing is emailed to it. */
  emailUnconfirmed: boolean;
  source: string | null;
  updatedAt: Date | null;
};

/**
 * Enrolled participants plus anyone with a mark for this session (walk-ins, people who left the
 * group). People enrolled today are listed on past sessions too (a paper sheet is often typed in
 * after people were enrolled), flagged `joinedLater` when their current stay (currentStayStart) started after the session's day.
 */
export async function rosterRows(
  exec: Executor,
  session: { id: string; groupId: string; organizationId: string; startsAt: Date; timezone: string },
  /** When given, `contactShared` says whether each person's email may show then (contactSharedColumn); otherwise it is false. */
  contactAt?: Date,
): Promise<(RosterRow & { contactShared: boolean })[]> {
  const contactShared = contactAt ? contactSharedColumn(users.id, session.groupId, contactAt) : sql<boolean>`false`;
  const unconfirmed = emailUnconfirmed();
  const [enrolled, records] = await Promise.all([
    exec
      .select({ userId: users.id, name: users.name, email: users.email, emailUnconfirmed: unconfirmed, startedAt: currentStayStart, contactShared })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .innerJoin(sessions, eq(sessions.id, session.id))
      .where(
        and(
          eq(enrolments.groupId, session.groupId),
          eq(enrolments.organizationId, session.organizationId),
          eq(enrolments.status, "enrolled"),
          // A cohort session lists its own cohort only.
          sessionVisibleToMember(enrolments.userId),
        ),
      ),
    exec
      .select({
        userId: attendanceRecords.userId,
        name: users.name,
        email: users.email,
        emailUnconfirmed: unconfirmed,
        status: attendanceRecords.status,
        arrivedAt: attendanceRecords.arrivedAt,
        leftAt: attendanceRecords.leftAt,
        note: attendanceRecords.note,
        apologyReason: attendanceRecords.apologyReason,
        walkIn: attendanceRecords.walkIn,
        source: attendanceRecords.source,
        updatedAt: attendanceRecords.updatedAt,
        contactShared,
      })
      .from(attendanceRecords)
      .innerJoin(users, eq(users.id, attendanceRecords.userId))
      .where(and(eq(attendanceRecords.sessionId, session.id), eq(attendanceRecords.organizationId, session.organizationId))),
  ]);
  const byUser = new Map<string, RosterRow & { contactShared: boolean }>();
  for (const { startedAt, ...e } of enrolled) {
    byUser.set(e.userId, {
      ...e,
      enrolled: true,
      joinedLater: sessionBeforeEnrolment(session.startsAt, startedAt, session.timezone),
      status: null,
      arrivedAt: null,
      leftAt: null,
      note: "",
      apologyReason: "",
      walkIn: false,
      source: null,
      updatedAt: null,
    });
  }
  for (const r of records) {
    const listed = byUser.get(r.userId);
    byUser.set(r.userId, { ...r, enrolled: listed !== undefined, joinedLater: listed?.joinedLater ?? false });
  }
  // A walk-in's placeholder address is not an email: never sent to the page.
  for (const row of byUser.values()) row.email = realEmail(row.email) ?? "";
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export type HistoryEntry = {
  at: Date;
  actorName: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string;
};

/** The audit trail of every mark on this session, grouped by person (newest first). */
export async function rosterHistory(session: { id: string; organizationId: string }, userIds: string[]) {
  if (userIds.length === 0) return {} as Record<string, HistoryEntry[]>;
  const rows = await db
    .select({
      subjectId: auditEvents.subjectId,
      at: auditEvents.at,
      actorName: users.name,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, session.organizationId),
        eq(auditEvents.subjectType, "attendance"),
        inArray(
          auditEvents.subjectId,
          userIds.map((u) => attendanceSubject(session.id, u)),
        ),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
  const out: Record<string, HistoryEntry[]> = {};
  for (const { subjectId, ...entry } of rows) {
    const userId = subjectId.slice(subjectId.indexOf(":") + 1);
    (out[userId] ??= []).push(entry);
  }
  return out;
}

/** Everything the roster page shows. */
export async function getRoster(user: CurrentUser, sessionId: string, now: Date) {
  const session = await findSessionForStaff(db, user, sessionId);
  // Which addresses may show is read with the people (contactSharedColumn), not by a query of its own.
  const people = await rosterRows(db, session, now);
  const rows = people.map(({ contactShared, ...row }) => shownContact(row, contactShared));
  const history = await rosterHistory(session, people.map((r) => r.userId));
  return {
    session,
    rows,
    history,
    summary: summarise(rows.map((r) => r.status)),
    checkInOpen: isCheckInOpen(now, session),
  };
}

/** Participants of the organisation matching a name or email, who are not on this roster yet. */
export async function searchWalkInCandidates(session: StaffSession, query: string, onRoster: string[]) {
  const q = query.trim();
  if (q.length < 2) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found = await db
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, session.organizationId),
        eq(memberships.role, "participant"),
        isNull(memberships.deactivatedAt),
        // By name, or by the whole address someone already knows: a part of an address would let
        // anyone on the roster spell out people's emails a letter at a time. A walk-in's
        // placeholder address is not an email to search by.
        or(ilike(users.name, pattern), and(sql`lower(${users.email}) = ${q.toLowerCase()}`, sql`${users.email} not ilike ${"%@" + WALK_IN_EMAIL_DOMAIN}`)),
        onRoster.length ? notInArray(users.id, onRoster) : undefined,
      ),
    )
    .orderBy(asc(users.name))
    .limit(10);
  // These people have not agreed to share contact details with this group: a hint to tell
  // namesakes apart, never the address.
  return found.map((c) => ({ ...c, email: emailHint(c.email) }));
}
