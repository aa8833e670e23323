import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { recordDisclosure } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import type { CsvCell } from "~/modules/export/csv";
import { getRoster } from "./queries.server";

/**
 * A session's roster as CSV rows: the page's own query (the group's facilitators and the
 * organisation's managers only; 404 for anyone else), the same people and the same contact rule —
 * an email only where the person allows this group's facilitators to contact them. Each person
 * listed gets the download in their disclosure history; a substance-use group's (or Part 2 program's) roster carries
 * the 42 CFR 2.32 notice.
 */
export async function rosterCsv(user: CurrentUser, sessionId: string, now: Date) {
  const { session, rows: people } = await getRoster(user, sessionId, now);
  const zone = session.timezone;
  const at = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone }).toFormat("HH:mm") : "");
  const header = ["Participant", "Email", "Enrolled", "Walk-in", "Mark", `Arrived (${zone})`, `Left (${zone})`, "Apology", "Note"];
  const rows: CsvCell[][] = people.map((p) => [
    p.name,
    p.contactShared ? p.email || "no email" : "not shared",
    p.enrolled,
    p.walkIn,
    p.status ?? "not marked",
    at(p.arrivedAt),
    at(p.leftAt),
    p.apologyReason,
    p.note,
  ]);
  // A peer recovery group, or any group of a program marked as a 42 CFR Part 2 program.
  const redisclosureNotice = await scopeHasSubstanceUseGroup(user.organizationId, { groupId: session.groupId });
  await recordDisclosure(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "roster.exported", subjectType: "session", subjectId: session.id, after: { rows: rows.length, redisclosureNotice } },
    people.map((p) => p.userId),
  );
  const day = DateTime.fromJSDate(session.startsAt, { zone }).toISODate()!;
  return { header, rows, redisclosureNotice, filename: `roster-${session.groupName}-${day}.csv` };
}
