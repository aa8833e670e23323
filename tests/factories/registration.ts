import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, groups, memberships, users } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import type { IntakeInput } from "~/modules/registration/schema";
import type { Scenario } from "./scenario";

export function intake(overrides: Partial<IntakeInput> = {}): IntakeInput {
  return {
    participantId: "",
    needAreas: [],
    otherNeed: "",
    urgent: false,
    crisis: false,
    urgentNote: "",
    preferredContact: "email",
    phone: "",
    language: "English",
    accessibilityNeeds: "",
    consentParticipation: true,
    consentRosterSharing: true,
    ...overrides,
  };
}

/** The registration form as a browser posts it. */
export function intakeForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { urgent: "no", preferredContact: "email", language: "English", consentParticipation: "yes", consentRosterSharing: "yes", ...overrides };
}

/**
 * Many participants at once (no password, no session: module calls take a CurrentUser), each with a
 * confirmed address like createPerson's (email goes only to confirmed addresses).
 */
export async function createParticipants(s: Scenario, count: number): Promise<CurrentUser[]> {
  const tag = randomBytes(3).toString("hex");
  const rows = await db
    .insert(users)
    .values(Array.from({ length: count }, (_, i) => ({ name: `P${String(i).padStart(2, "0")} ${tag}`, email: `p${i}-${tag}@test.example`, timezone: "America/New_York", emailConfirmedAt: new Date() })))
    .returning();
  await db.insert(memberships).values(rows.map((u) => ({ userId: u.id, organizationId: s.org.id, role: "participant" as const })));
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    timezone: u.timezone,
    locale: u.locale,
    role: "participant" as const,
    organizationId: s.org.id,
    organizationSlug: s.org.slug,
    organizationName: s.org.name,
    sessionIdHash: "",
  }));
}

/** A second group in the scenario's program with `capacity` seats and nobody registered. */
export async function createEmptyGroup(s: Scenario, capacity: number, name = "Empty group") {
  const [group] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "workshop", name, timezone: "America/New_York", capacity, location: "Room 9" })
    .returning();
  return group;
}

export async function statusOf(groupId: string, userId: string) {
  const [row] = await db.select({ status: enrolments.status }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId)));
  return row?.status ?? null;
}

/** An enrolment's earlier stays (enrolments.earlier_stays) as [start, end] ISO pairs, by start. */
export async function earlierStays(enrolmentId: string): Promise<[string, string][]> {
  const rows = await db.execute<{ lo: Date; hi: Date }>(
    sql`select lower(r) as lo, upper(r) as hi from enrolments e, unnest(e.earlier_stays) r where e.id = ${enrolmentId} order by lower(r)`,
  );
  return [...rows].map((r) => [new Date(r.lo).toISOString(), new Date(r.hi).toISOString()]);
}
