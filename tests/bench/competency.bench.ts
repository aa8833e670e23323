/**
 * Competency benchmark (a plain script, not a vitest test):
 *
 *   npx tsx tests/bench/competency.bench.ts          # 300 facilitators
 *   npx tsx tests/bench/competency.bench.ts 1000     # other sizes
 *
 * Starts its own embedded PostgreSQL in a temporary directory, migrates it, and builds one
 * organisation with N facilitators × the 9 starter items (records spread over every state, a
 * quarter expiring within 60 days), each leading one group. Prints the time of the manager's
 * matrix, the CSV export, the gate check for one assignment, and the periodic expiry job (first
 * run, which queues reminders, and a second run, which must queue nothing).
 */
import { startBenchDatabase, time } from "./harness";

const N = Number(process.argv[2] ?? 300);

async function main() {
  const database = await startBenchDatabase("competency");
  try {
    const { db, closeDb } = await import("~/db/client.server");
    const schema = await import("~/db/schema");
    const tables = await import("~/db/tables/competency");
    const { ensureStarterFramework } = await import("~/modules/competency/framework/mutations.server");
    const { assertFacilitatorEligible } = await import("~/modules/competency/assignment/mutations.server");
    const { getMatrix, exportMatrixCsv } = await import("~/modules/competency/matrix/queries.server");
    const { runCompetencyExpiry } = await import("~/modules/competency/jobs.server");
    const { computeExpiry } = await import("~/modules/competency/expiry");

    const now = new Date("2027-01-15T15:00:00Z");
    const [org] = await db.insert(schema.organizations).values({ slug: "bench", name: "Bench", timezone: "America/New_York" }).returning();
    const [manager] = await db.insert(schema.users).values({ email: "m@bench.test", name: "Manager", timezone: "America/New_York" }).returning();
    await db.insert(schema.memberships).values({ userId: manager.id, organizationId: org.id, role: "manager" });
    const [program] = await db.insert(schema.programs).values({ organizationId: org.id, name: "P" }).returning();
    await ensureStarterFramework(db, org.id);
    const items = await db.select().from(tables.competencyItems);
    const people = await db
      .insert(schema.users)
      .values(Array.from({ length: N }, (_, i) => ({ email: `f${i}@bench.test`, name: `Facilitator ${String(i).padStart(4, "0")}`, timezone: "America/New_York" })))
      .returning({ id: schema.users.id });
    await db.insert(schema.memberships).values(people.map((p) => ({ userId: p.id, organizationId: org.id, role: "facilitator" as const })));
    const kinds = ["class", "workshop", "peer_recovery_group", "drop_in"] as const;
    const groupRows = await db
      .insert(schema.groups)
      .values(people.map((_, i) => ({ organizationId: org.id, programId: program.id, kind: kinds[i % 4], name: `G${i}`, timezone: "America/New_York", capacity: 10, location: "Room" })))
      .returning({ id: schema.groups.id });
    await db.insert(schema.groupFacilitators).values(people.map((p, i) => ({ groupId: groupRows[i].id, userId: p.id, organizationId: org.id })));
    const records = [];
    for (const [i, p] of people.entries()) {
      for (const [j, item] of items.entries()) {
        const pick = (i + j) % 8;
        if (pick === 7) continue; // missing
        // pick 0: lapsed last month; pick 1: lapses within 60 days; otherwise current for months.
        const lapse = pick === 0 ? "2026-12-15" : pick === 1 ? "2027-02-20" : null;
        const achievedOn = lapse ? (computeExpiry(lapse, -(item.validityMonths ?? 12)) ?? "2025-02-15") : "2026-06-01";
        const expiresOn = computeExpiry(achievedOn, item.validityMonths);
        records.push({
          organizationId: org.id,
          userId: p.id,
          itemId: item.id,
          status: (pick === 6 ? "in_progress" : pick === 5 ? "demonstrated" : "verified") as "verified",
          achievedOn: pick === 6 ? null : achievedOn,
          expiresOn: pick === 6 ? null : expiresOn,
          verifiedBy: pick < 5 ? manager.id : null,
        });
      }
    }
    for (let k = 0; k < records.length; k += 1000) await db.insert(tables.competencyRecords).values(records.slice(k, k + 1000));
    console.log(`${N} facilitators × ${items.length} items, ${records.length} records`);

    const user = {
      id: manager.id,
      name: "Manager",
      email: manager.email,
      timezone: "America/New_York",
      locale: "en-US",
      role: "manager" as const,
      organizationId: org.id,
      organizationSlug: "bench",
      organizationName: "Bench",
      sessionIdHash: "",
    };
    const all = { kind: "" as const, status: "all" as const, person: "", page: 1 };
    await time("matrix (all)", () => getMatrix(user, all, now));
    await time("matrix (needs attention)", () => getMatrix(user, { ...all, status: "attention" }, now));
    const csv = await time("CSV export", () => exportMatrixCsv(user, all, now));
    console.log(`  CSV: ${csv.length.toLocaleString()} bytes`);
    await time("gate: assertFacilitatorEligible", () =>
      db.transaction((tx) => assertFacilitatorEligible(tx, { organizationId: org.id, groupKind: "class", userId: people[3].id, now }).catch(() => null)),
    );
    const first = await time("expiry job, first run", () => runCompetencyExpiry(now, "https://bench.test"));
    console.log(`  queued ${first.reminders} reminders, expired ${first.expired}`);
    const second = await time("expiry job, second run (nothing new)", () => runCompetencyExpiry(now, "https://bench.test"));
    console.log(`  queued ${second.reminders} reminders, expired ${second.expired}`);
    await closeDb();
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
