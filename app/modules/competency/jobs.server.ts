import { appUrl } from "~/config.server";
import { and, eq, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { competencyExpiredEmail, competencyExpiryReminderEmail } from "~emails/competency-expiry";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, groupFacilitators, groups, memberships, organizations, sessions, users } from "~/db/schema";
import { competencyItems, competencyRecords, competencySessionFlags } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatCivilDate } from "~/modules/time/zoned";
import { daysBetween, dueReminder, todayInZone } from "./expiry";
import { requiredItems } from "./gate";
import { supervisorContacts } from "./queries.server";


type Due = {
  recordId: string;
  organizationId: string;
  zone: string;
  userId: string;
  userName: string;
  userEmail: string;
  /** The facilitator's date and time style (users.locale), for the dates in their emails. */
  userLocale: string;
  status: "verified" | "demonstrated";
  expiresOn: string;
  item: typeof competencyItems.$inferSelect;
};

/**
 * The periodic competency job (every worker tick, every instance): reminders 60, 30 and 7 days
 * before a record lapses, to the facilitator and their supervisor, each exactly once (dedupe
 * keys that include the expiry date, so a renewed record gets its own reminders); and on the
 * expiry date the record turns expired, upcoming sessions it affects are flagged (never dropped)
 * and both are told. Everything depends on `now` only.
 */
export async function runCompetencyExpiry(now: Date, baseUrl = appUrl()) {
  // Dates are per organisation zone; 61 days ahead in UTC covers every zone's 60-day window.
  const horizon = new Date(now.getTime() + 62 * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .select({
      recordId: competencyRecords.id,
      organizationId: competencyRecords.organizationId,
      zone: organizations.timezone,
      userId: users.id,
      userName: users.name,
      userEmail: users.email,
      userLocale: users.locale,
      status: competencyRecords.status,
      expiresOn: competencyRecords.expiresOn,
      item: competencyItems,
    })
    .from(competencyRecords)
    .innerJoin(competencyItems, eq(competencyItems.id, competencyRecords.itemId))
    .innerJoin(organizations, eq(organizations.id, competencyRecords.organizationId))
    .innerJoin(users, eq(users.id, competencyRecords.userId))
    .where(
      and(
        inArray(competencyRecords.status, ["verified", "demonstrated"]),
        isNotNull(competencyRecords.expiresOn),
        lte(competencyRecords.expiresOn, horizon),
        // An archived item is no longer required (e.g. the combined 2.07 training, now five topics
        // whose records carry the same dates): its records are kept but nobody is reminded of them.
        isNull(competencyItems.archivedAt),
      ),
    );
  let reminders = 0;
  let expired = 0;
  const recipients = recipientCache();
  const due: { row: Due; threshold: number; today: string; key: (personId: string) => string }[] = [];
  for (const row of rows as Due[]) {
    const today = todayInZone(now, row.zone);
    if (row.expiresOn <= today) {
      if (await expireRecord(row, now, today, baseUrl, recipients)) expired++;
      continue;
    }
    const threshold = dueReminder(row, today);
    if (threshold === null) continue;
    due.push({ row, threshold, today, key: (personId) => `competency-expiry:${row.recordId}:${row.expiresOn}:${threshold}:${personId}` });
  }
  // Reminders already queued (the facilitator's copy is queued with the supervisors' in one
  // transaction) are skipped with one lookup, so an idle tick costs almost nothing.
  const queued = new Set<string>();
  for (let i = 0; i < due.length; i += 1000) {
    const keys = due.slice(i, i + 1000).map((d) => d.key(d.row.userId));
    const found = await db.select({ key: emailOutbox.dedupeKey }).from(emailOutbox).where(inArray(emailOutbox.dedupeKey, keys));
    for (const f of found) if (f.key) queued.add(f.key);
  }
  for (const { row, today, key } of due) {
    if (queued.has(key(row.userId))) continue;
    const people = await recipients(row);
    reminders += await db.transaction(async (tx) => {
      let fresh = 0;
      for (const person of people) {
        const mail = competencyExpiryReminderEmail({
          recipientName: person.name,
          facilitatorName: row.userName,
          toFacilitator: person.id === row.userId,
          itemName: row.item.name,
          standard: row.item.standard,
          expiresOn: formatCivilDate(row.expiresOn, dateStyleOf(person.locale)),
          daysLeft: daysBetween(today, row.expiresOn),
          url: `${baseUrl}/competency/records/${row.recordId}`,
          locale: dateStyleOf(person.locale),
        });
        if (await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: row.organizationId, dedupeKey: key(person.id) })) fresh++;
      }
      return fresh;
    });
  }
  return { reminders, expired };
}

type Recipient = { id: string; name: string; email: string; locale: string };

/** The facilitator and their supervisors, looked up once per person per run. */
function recipientCache() {
  const cache = new Map<string, Promise<Recipient[]>>();
  return (row: Due) => {
    const key = `${row.organizationId}:${row.userId}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = recipientsFor(db, row);
      cache.set(key, hit);
    }
    return hit;
  };
}

async function recipientsFor(tx: Executor, row: Due) {
  const supervisors = await supervisorContacts(tx, row.organizationId, row.userId);
  return [{ id: row.userId, name: row.userName, email: row.userEmail, locale: row.userLocale }, ...supervisors.filter((s) => s.id !== row.userId)];
}

/** Turns one record expired (once, whoever gets there first), flags its upcoming sessions, tells people. */
async function expireRecord(
  row: Due,
  now: Date,
  today: string,
  baseUrl: string,
  recipients: (row: Due) => Promise<Recipient[]>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(competencyRecords)
      .set({ status: "expired", updatedAt: now })
      .where(
        and(
          eq(competencyRecords.id, row.recordId),
          inArray(competencyRecords.status, ["verified", "demonstrated"]),
          eq(competencyRecords.expiresOn, row.expiresOn),
        ),
      )
      .returning({ id: competencyRecords.id });
    if (!changed.length) return false;
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, row.organizationId), eq(memberships.userId, row.userId)));
    const led = await tx
      .select({ id: groups.id, kind: groups.kind })
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .where(and(eq(groupFacilitators.organizationId, row.organizationId), eq(groupFacilitators.userId, row.userId)));
    const affectedGroups = led.filter(
      (g) => requiredItems([row.item], { groupKind: g.kind, role: member?.role ?? null }).length > 0,
    );
    const upcoming = affectedGroups.length
      ? await tx
          .select({ id: sessions.id })
          .from(sessions)
          .where(
            and(
              eq(sessions.organizationId, row.organizationId),
              inArray(
                sessions.groupId,
                affectedGroups.map((g) => g.id),
              ),
              eq(sessions.status, "scheduled"),
              gte(sessions.endsAt, now),
            ),
          )
      : [];
    if (upcoming.length) {
      await tx
        .insert(competencySessionFlags)
        .values(
          upcoming.map((s) => ({
            organizationId: row.organizationId,
            sessionId: s.id,
            facilitatorId: row.userId,
            recordId: row.recordId,
            expiredOn: row.expiresOn,
          })),
        )
        .onConflictDoNothing();
    }
    await audit(tx, {
      organizationId: row.organizationId,
      actorId: null,
      action: "competency.record.expire",
      subjectType: "competency_record",
      subjectId: row.recordId,
      before: { status: row.status, expiresOn: row.expiresOn },
      after: { status: "expired", flaggedSessions: upcoming.length, today },
    });
    for (const person of await recipients(row)) {
      const mail = competencyExpiredEmail({
        recipientName: person.name,
        facilitatorName: row.userName,
        toFacilitator: person.id === row.userId,
        itemName: row.item.name,
        standard: row.item.standard,
        expiredOn: formatCivilDate(row.expiresOn, dateStyleOf(person.locale)),
        affectedSessions: upcoming.length,
        url: `${baseUrl}/competency/records/${row.recordId}`,
        locale: dateStyleOf(person.locale),
      });
      await enqueueEmail(tx, {
        ...mail,
        to: person.email,
        toUser: person.id,
        organizationId: row.organizationId,
        dedupeKey: `competency-expired:${row.recordId}:${row.expiresOn}:${person.id}`,
      });
    }
    return true;
  });
}
