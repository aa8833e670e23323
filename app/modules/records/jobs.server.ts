import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db, type Executor } from "~/db/client.server";
import { groupFacilitators, memberships, users } from "~/db/schema";
import { groupNoteFlags } from "~/db/tables/records";
import { recordsNoteOverdueEmail } from "~emails/records-note-overdue";
import { audit } from "~/modules/audit/mutations.server";
import { supervisorContacts } from "~/modules/competency/queries.server";
import { discreetReader } from "~/modules/calendar/queries.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { FLAG_LOOKBACK_DAYS, NOTE_DUE_HOURS } from "./rules";

type Due = { id: string; organization_id: string; group_id: string; group_name: string; starts_at: string; note_id: string | null };

/**
 * Sessions that crossed the 72 h line within the last FLAG_LOOKBACK_DAYS days, took place with
 * attendance, have no signed group note and were never flagged. Reads the band of sessions.ends_at
 * through its index (sessions_ends_at), so each tick costs the sessions that reached the line
 * recently — not the history.
 */
export function notesDueSql(now: Date): SQL {
  const line = new Date(now.getTime() - NOTE_DUE_HOURS * 3_600_000);
  const since = new Date(line.getTime() - FLAG_LOOKBACK_DAYS * 86_400_000);
  return sql`
    select s.id, s.organization_id, s.group_id, g.name as group_name, s.starts_at, n.id as note_id
    from sessions s
    join groups g on g.id = s.group_id
    left join group_notes n on n.session_id = s.id
    where s.ends_at > ${since.toISOString()}::timestamptz and s.ends_at <= ${line.toISOString()}::timestamptz
      and s.status <> 'cancelled'
      and (n.id is null or n.signed_at is null)
      and not exists (select 1 from group_note_flags f where f.session_id = s.id)
      and exists (select 1 from attendance_records a where a.session_id = s.id and a.status in ('present', 'late', 'left_early'))
    order by s.ends_at, s.id`;
}

export async function notesDueForFlag(exec: Executor, now: Date): Promise<Due[]> {
  return await exec.execute<Due>(notesDueSql(now));
}

/** The group's active facilitators now, and each one's active supervisor (else the default supervisor, else the managers); managers when the group has no active facilitator. Deactivated staff are never mailed. */
async function flagRecipients(tx: Executor, organizationId: string, groupId: string) {
  const facilitators = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .innerJoin(memberships, and(eq(memberships.userId, groupFacilitators.userId), eq(memberships.organizationId, organizationId)))
    .where(and(eq(groupFacilitators.groupId, groupId), isNull(memberships.deactivatedAt)));
  const people = new Map(facilitators.map((f) => [f.id, f]));
  for (const f of facilitators) {
    for (const c of await supervisorContacts(tx, organizationId, f.id)) if (!people.has(c.id)) people.set(c.id, { ...c, locale: "" });
  }
  if (!facilitators.length) {
    const managers = await tx
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(sql`${memberships.organizationId} = ${organizationId} and ${memberships.role} = 'manager' and ${memberships.deactivatedAt} is null`);
    for (const m of managers) people.set(m.id, m);
  }
  // Locales of supervisors (supervisorContacts does not read them).
  const missing = [...people.values()].filter((p) => !p.locale).map((p) => p.id);
  if (missing.length) {
    for (const r of await tx.select({ id: users.id, locale: users.locale }).from(users).where(inArray(users.id, missing))) people.get(r.id)!.locale = r.locale;
  }
  return [...people.values()];
}

/**
 * Periodic job: a session held with attendance whose group note is missing or unsigned 72 h after
 * it ends is flagged once — the group_note_flags row is inserted first (ON CONFLICT DO NOTHING),
 * and each email carries a dedupe key — to the group's facilitators and their supervisors.
 */
export async function flagUnsignedNotes(now: Date) {
  const due = await notesDueForFlag(db, now);
  let flagged = 0;
  let queued = 0;
  for (const session of due) {
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(groupNoteFlags)
        .values({ sessionId: session.id, organizationId: session.organization_id, flaggedAt: now })
        .onConflictDoNothing()
        .returning({ sessionId: groupNoteFlags.sessionId });
      if (!inserted.length) return;
      flagged++;
      const state = session.note_id ? ("draft" as const) : ("missing" as const);
      const recipients = await flagRecipients(tx, session.organization_id, session.group_id);
      for (const person of recipients) {
        const mail = recordsNoteOverdueEmail({
          name: person.name,
          groupName: session.group_name,
          when: formatInZone(new Date(session.starts_at), person.timezone, dateStyleOf(person.locale)),
          state,
          url: `${appUrl()}/sessions/${session.id}/notes`,
          locale: dateStyleOf(person.locale),
          discreet: await discreetReader(tx, session.organization_id, person.id),
        });
        if (await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: session.organization_id, dedupeKey: `records:note-overdue:${session.id}:${person.id}` })) queued++;
      }
      await audit(tx, {
        organizationId: session.organization_id,
        actorId: null,
        action: "group_note.overdue_flag",
        subjectType: "session",
        subjectId: session.id,
        after: { state, recipients: recipients.map((r) => r.id) },
      });
    });
  }
  return { flagged, queued };
}
