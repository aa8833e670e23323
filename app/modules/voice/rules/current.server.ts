/** The rules a group or program has now (its latest published version), as read by publishing and by a proposal's decision. */
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { ruleVersions } from "~/db/tables/voice";

/** The current rules' text of a group or program (`targetId`), or undefined before any were published. */
export async function currentRules(exec: Executor, organizationId: string, targetId: string): Promise<{ body: string } | undefined> {
  const [current] = await exec
    .select({ body: ruleVersions.body })
    .from(ruleVersions)
    .where(and(eq(ruleVersions.targetId, targetId), eq(ruleVersions.organizationId, organizationId)))
    .orderBy(desc(ruleVersions.version))
    .limit(1);
  return current;
}
