import { and, eq } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { groupFacilitators, groups, sessions } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";

/** A session of the caller's organisation with its group's name and zone, or 404. Does not decide access. */
export async function orgSession(exec: Executor, user: CurrentUser, sessionId: string) {
  const [row] = await exec
    .select({
      id: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      timezone: groups.timezone,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("We can't find that session.");
  return row;
}

/** The ids of a group's current facilitators. */
export async function facilitatorsOf(exec: Executor, groupId: string): Promise<string[]> {
  return (await exec.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId))).map((f) => f.id);
}
