import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, groupFacilitators, sessions } from "~/db/schema";
import { raiseConcern, respondToConcern } from "~/modules/voice/concerns/mutations.server";
import { getConcern, listConcerns } from "~/modules/voice/concerns/queries.server";
import { createOrgScenario } from "../../factories/scenario";

const now = new Date("2027-03-10T15:00:00Z");
const concern = (subject: "group" | "session", ids: { groupId?: string; sessionId?: string }) => ({
  subject,
  sessionId: ids.sessionId ?? null,
  groupId: ids.groupId ?? null,
  facilitatorId: null,
  programId: null,
  summary: "How the group is run",
  body: "Something happened in the group that worries me.",
  anonymous: true,
});

describe("a concern about a session or group", () => {
  it("never reaches a manager who leads that group: not listed, not readable, not handled, not emailed", async () => {
    const s = await createOrgScenario();
    // The manager also leads the group the concern is about.
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.manager.id, organizationId: s.org.id });
    const [session] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
    const { id: aboutGroup } = await raiseConcern(s.participant, concern("group", { groupId: s.group.id }), now, "https://app.example");
    const { id: aboutSession } = await raiseConcern(s.participant, concern("session", { sessionId: session.id }), now, "https://app.example");
    for (const id of [aboutGroup, aboutSession]) {
      expect((await listConcerns(s.manager, now)).map((c) => c.id)).not.toContain(id);
      await expect(getConcern(s.manager, id, now)).rejects.toMatchObject({ status: 404 });
      await expect(respondToConcern(s.manager, id, "Noted.", now, "https://app.example")).rejects.toMatchObject({ status: 404 });
      // Someone not involved handles it.
      expect((await listConcerns(s.admin, now)).map((c) => c.id)).toContain(id);
      expect((await getConcern(s.admin, id, now)).concern.id).toBe(id);
      const alerts = await db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, s.org.id)));
      expect(alerts.filter((m) => m.dedupeKey?.includes(id)).map((m) => m.toAddress)).not.toContain(s.manager.email);
      expect(alerts.filter((m) => m.dedupeKey?.includes(id)).map((m) => m.toAddress)).toContain(s.admin.email);
    }
  });
});
