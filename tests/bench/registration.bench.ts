/**
 * Registration benchmark (a plain script, not a vitest test):
 *
 *   npx tsx tests/bench/registration.bench.ts          # 50 people racing for 10 seats, 10 rounds
 *   npx tsx tests/bench/registration.bench.ts 200 40   # other sizes (people, seats)
 *
 * Starts its own embedded PostgreSQL in a temporary directory and migrates it. Prints: the wall
 * time of a round of N simultaneous registrations for S seats (pool of 20 connections; every
 * registration holds the group row lock while it writes), the per-registration latency
 * percentiles, the intake queue with 2,000 intakes, the catalogue with 60 groups, and the
 * waitlist job passing on the lapsed offers of up to 60 groups (then a second run with nothing to do).
 */
import { percentile as pct, startBenchDatabase, time as timeIn } from "./harness";

const PEOPLE = Number(process.argv[2] ?? 50);
const SEATS = Number(process.argv[3] ?? 10);
const ROUNDS = 10;

const time = <T>(label: string, fn: () => Promise<T>) => timeIn(label, fn, 56);

async function main() {
  const database = await startBenchDatabase("registration");
  try {
    process.env.DATABASE_POOL_SIZE = "20";
    const { db, closeDb } = await import("~/db/client.server");
    const { eq, sql } = await import("drizzle-orm");
    const schema = await import("~/db/schema");
    const { enrolmentDetails } = await import("~/db/tables/registration");
    const { registerForGroup, processWaitlists } = await import("~/modules/registration/mutations.server");
    const { listIntakeQueue, listCatalogue } = await import("~/modules/registration/queries.server");
    const { catalogueFilterSchema } = await import("~/modules/registration/schema");

    const [org] = await db.insert(schema.organizations).values({ slug: "bench", name: "Bench", timezone: "America/New_York" }).returning();
    const [managerRow] = await db.insert(schema.users).values({ email: "m@bench.test", name: "Manager", timezone: "America/New_York" }).returning();
    await db.insert(schema.memberships).values({ userId: managerRow.id, organizationId: org.id, role: "manager" });
    const manager = { ...managerRow, role: "manager" as const, organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" };
    const [program] = await db.insert(schema.programs).values({ organizationId: org.id, name: "P" }).returning();
    const [group] = await db
      .insert(schema.groups)
      .values({ organizationId: org.id, programId: program.id, kind: "workshop", name: "Race", timezone: "America/New_York", capacity: SEATS, location: "Room" })
      .returning();
    const people = await db
      .insert(schema.users)
      .values(Array.from({ length: PEOPLE }, (_, i) => ({ email: `p${i}@bench.test`, name: `P ${i}`, timezone: "America/New_York" })))
      .returning();
    await db.insert(schema.memberships).values(people.map((p) => ({ userId: p.id, organizationId: org.id, role: "participant" as const })));
    const asUser = (p: (typeof people)[number]) => ({ ...p, role: "participant" as const, organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" });
    const answers = (urgent: boolean) => ({
      participantId: "",
      needAreas: ["housing" as const],
      otherNeed: "",
      urgent,
      crisis: false,
      urgentNote: "",
      preferredContact: "email" as const,
      phone: "",
      language: "English",
      accessibilityNeeds: "",
      consentParticipation: true,
      consentRosterSharing: true,
    });

    console.log(`${PEOPLE} simultaneous registrations for ${SEATS} seats, ${ROUNDS} rounds:`);
    const rounds: number[] = [];
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await db.delete(schema.enrolments).where(eq(schema.enrolments.groupId, group.id));
      const start = performance.now();
      await Promise.all(
        people.map(async (p, i) => {
          const t = performance.now();
          await registerForGroup(asUser(p), group.id, answers(i % 7 === 3), { baseUrl: "http://bench.local" });
          latencies.push(performance.now() - t);
        }),
      );
      rounds.push(performance.now() - start);
      const [{ enrolled }] = await db
        .select({ enrolled: sql<number>`count(*) filter (where ${schema.enrolments.status} = 'enrolled')::int` })
        .from(schema.enrolments)
        .where(eq(schema.enrolments.groupId, group.id));
      if (enrolled !== Math.min(SEATS, PEOPLE)) throw new Error(`round ${round}: ${enrolled} enrolled`);
    }
    console.log(`  round wall time: median ${pct(rounds, 50).toFixed(0)} ms, worst ${Math.max(...rounds).toFixed(0)} ms`);
    console.log(`  per registration: p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, throughput ${((PEOPLE * ROUNDS) / (rounds.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)}/s`);

    // Many groups with sessions for the catalogue; many intakes for the queue.
    const groupRows = await db
      .insert(schema.groups)
      .values(Array.from({ length: 60 }, (_, i) => ({ organizationId: org.id, programId: program.id, kind: "class" as const, name: `G${i}`, timezone: "America/New_York", capacity: 10, location: "Room" })))
      .returning({ id: schema.groups.id });
    const now = new Date("2027-03-01T12:00:00Z");
    await db.insert(schema.sessions).values(
      groupRows.flatMap((g, gi) =>
        Array.from({ length: 20 }, (_, k) => ({
          organizationId: org.id,
          groupId: g.id,
          startsAt: new Date(now.getTime() + (k * 7 + (gi % 7)) * 86_400_000 + (gi % 12) * 3_600_000),
          endsAt: new Date(now.getTime() + (k * 7 + (gi % 7)) * 86_400_000 + (gi % 12) * 3_600_000 + 5_400_000),
        })),
      ),
    );
    for (const [gi, g] of groupRows.entries()) {
      await Promise.all(people.slice(0, 34).map((p) => registerForGroup(asUser(p), g.id, answers(gi % 5 === 0), { baseUrl: "http://bench.local" })));
    }
    const intakeCount = (await db.execute(sql`select count(*)::int as n from intakes`)) as unknown as { n: number }[];
    await time(`intake queue (${intakeCount[0].n} intakes, first 200, audited)`, () => listIntakeQueue(manager, { show: "all" }));
    const filter = catalogueFilterSchema.parse({ day: "tue", time: "evening" });
    await time("catalogue: 61 groups × 20 sessions, filtered by day/time", () => listCatalogue(manager, filter, now));

    // Every G group in offer mode; where people[0] holds a seat it becomes a lapsed offer, with people waiting.
    await db.execute(sql`insert into waitlist_settings (group_id, organization_id, mode) select id, organization_id, 'offer' from groups where organization_id = ${org.id} and name like 'G%'`);
    await db.execute(sql`update enrolments set status = 'offered' where status = 'enrolled' and group_id in (select id from groups where name like 'G%') and user_id = ${people[0].id}`);
    await db.update(enrolmentDetails).set({ offerExpiresAt: new Date(now.getTime() - 1000) }).where(sql`${enrolmentDetails.enrolmentId} in (select id from enrolments where status = 'offered')`);
    const out = await time("waitlist job: lapsed offers passed on", () => processWaitlists(now, "http://bench.local"));
    console.log(`  lapsed ${out.lapsed}, offered on ${out.promoted}`);
    await time("waitlist job again (nothing to do)", () => processWaitlists(now, "http://bench.local"));
    await closeDb();
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
