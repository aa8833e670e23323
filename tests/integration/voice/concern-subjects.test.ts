import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, groupFacilitators, sessions } from "~/db/schema";
import { groupFacilitatorPeriods } from "~/db/tables/metrics";
import { changeSources } from "~/modules/voice/changes/queries.server";
import { concernsCsv } from "~/modules/voice/concerns/export.server";
import { managersToAlert, raiseConcern, respondToConcern } from "~/modules/voice/concerns/mutations.server";
import { getConcern, listConcerns } from "~/modules/voice/concerns/queries.server";
import { createOrgScenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

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

  it("stays hidden from a manager who led it after she leaves the group (a handover, or herself off the group for a moment)", async () => {
    const s = await createOrgScenario();
    const at = new Date();
    // The manager has led the group for a month (her period starts then) and led yesterday's session.
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.manager.id, organizationId: s.org.id });
    await db
      .update(groupFacilitatorPeriods)
      .set({ startedAt: new Date(at.getTime() - 30 * 86_400_000) })
      .where(and(eq(groupFacilitatorPeriods.groupId, s.group.id), eq(groupFacilitatorPeriods.userId, s.manager.id)));
    const held = await createHeldSession(s, at, 24);
    const { id: aboutSession } = await raiseConcern(s.participant, { ...concern("session", { sessionId: held.id }), summary: "She shouted at me" }, at, "https://app.example");
    const { id: aboutGroup } = await raiseConcern(s.participant, { ...concern("group", { groupId: s.group.id }), summary: "How she runs it" }, at, "https://app.example");
    // She takes herself off the group (the edit page's facilitators): her period ends now.
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, s.manager.id)));
    for (const id of [aboutSession, aboutGroup]) {
      expect((await listConcerns(s.manager, at)).map((c) => c.id)).not.toContain(id);
      await expect(getConcern(s.manager, id, at)).rejects.toMatchObject({ status: 404 });
      await expect(respondToConcern(s.manager, id, "Noted.", at, "https://app.example")).rejects.toMatchObject({ status: 404 });
      expect((await changeSources(s.manager)).concerns.map((c) => c.id)).not.toContain(id);
      expect((await managersToAlert(db, s.org.id, id)).map((m) => m.id)).not.toContain(s.manager.id);
      // Someone not involved still handles it.
      expect((await listConcerns(s.admin, at)).map((c) => c.id)).toContain(id);
      expect((await managersToAlert(db, s.org.id, id)).map((m) => m.id)).toContain(s.admin.id);
    }
    const csv = JSON.stringify(await concernsCsv(s.manager, at));
    expect(csv).not.toContain("She shouted at me");
    expect(csv).not.toContain("How she runs it");
  });

  it("a manager who began leading the group after the session is not its subject, but as a current leader still never reads it", async () => {
    const s = await createOrgScenario();
    const at = new Date();
    const held = await createHeldSession(s, at, 24);
    const { id } = await raiseConcern(s.participant, concern("session", { sessionId: held.id }), at, "https://app.example");
    // The admin (a manager role) takes the group over now: today's leaders are excluded as before.
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.admin.id, organizationId: s.org.id });
    expect((await listConcerns(s.admin, at)).map((c) => c.id)).not.toContain(id);
    expect((await listConcerns(s.manager, at)).map((c) => c.id)).toContain(id);
  });
});
