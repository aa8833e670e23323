import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import type { Scenario } from "./scenario";

/**
 * A second program beside the scenario's, for the tests of what is read by program (42 CFR Part 2):
 * "Parenting", with its "Parenting class" (a workshop in New York, 10 places, Room 2) led by
 * `leaders` and with `enrolled` enrolled in it. `scenarioProgramName` renames the scenario's own
 * program (whose group is "Circle"), e.g. "Recovery".
 */
export async function parentingProgram(
  s: Scenario,
  options: { leaders: { id: string }[]; enrolled: { id: string }[]; scenarioProgramName?: string },
): Promise<{ programId: string; groupId: string }> {
  if (options.scenarioProgramName) await db.update(programs).set({ name: options.scenarioProgramName }).where(eq(programs.id, s.program.id));
  const [program] = await db.insert(programs).values({ organizationId: s.org.id, name: "Parenting" }).returning();
  const [group] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: program.id, kind: "workshop", name: "Parenting class", timezone: "America/New_York", capacity: 10, location: "Room 2" })
    .returning();
  if (options.leaders.length) await db.insert(groupFacilitators).values(options.leaders.map((l) => ({ groupId: group.id, userId: l.id, organizationId: s.org.id })));
  if (options.enrolled.length) await db.insert(enrolments).values(options.enrolled.map((p) => ({ groupId: group.id, userId: p.id, organizationId: s.org.id })));
  return { programId: program.id, groupId: group.id };
}
