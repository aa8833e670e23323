/** Group and program rules as read: the current version and its history. */
import { and, desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups, programs, users } from "~/db/schema";
import { proposals, ruleVersions } from "~/db/tables/voice";
import { type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { canPublishRules } from "../policy";
import { relationTo } from "../proposals/queries.server";
import { rulesForm } from "./version";

// ───────────────────────── rules ─────────────────────────

export async function getRulesPage(user: CurrentUser, scope: "group" | "program", targetId: string) {
  let title: string;
  let programId: string;
  let groupId: string | null = null;
  if (scope === "group") {
    const [g] = await db
      .select({ id: groups.id, name: groups.name, programId: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, targetId), eq(groups.organizationId, user.organizationId)));
    if (!g) notFound("Group not found");
    title = g.name;
    programId = g.programId;
    groupId = g.id;
  } else {
    const [pr] = await db
      .select({ id: programs.id, name: programs.name })
      .from(programs)
      .where(and(eq(programs.id, targetId), eq(programs.organizationId, user.organizationId)));
    if (!pr) notFound("Program not found");
    title = pr.name;
    programId = pr.id;
  }
  const rel = await relationTo(db, user, { scope, groupId, programId });
  const versions = await db
    .select({
      id: ruleVersions.id,
      version: ruleVersions.version,
      body: ruleVersions.body,
      changeSummary: ruleVersions.changeSummary,
      proposalId: ruleVersions.proposalId,
      proposalTitle: proposals.title,
      publishedAt: ruleVersions.publishedAt,
      publishedByName: users.name,
    })
    .from(ruleVersions)
    .leftJoin(proposals, eq(proposals.id, ruleVersions.proposalId))
    .leftJoin(users, eq(users.id, ruleVersions.publishedBy))
    .where(and(eq(ruleVersions.targetId, targetId), eq(ruleVersions.organizationId, user.organizationId)))
    .orderBy(desc(ruleVersions.version));
  let programRules: { version: number; body: string } | null = null;
  if (scope === "group") {
    const [pv] = await db
      .select({ version: ruleVersions.version, body: ruleVersions.body })
      .from(ruleVersions)
      .where(and(eq(ruleVersions.targetId, programId), eq(ruleVersions.organizationId, user.organizationId)))
      .orderBy(desc(ruleVersions.version))
      .limit(1);
    programRules = pv ?? null;
  }
  // The publish form carries the current text's version: a publication after someone else's is refused (nothing published, text kept).
  return { scope, targetId, programId, title, versions, version: rulesForm.version(versions[0]), programRules, canPublish: canPublishRules(user, scope, rel.facilitator) };
}
