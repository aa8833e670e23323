import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as myGroups from "~/routes/my.groups";
import { createEmptyGroup, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

/** Withdrawing is confirmed first (saying what happens to the seat) and can be undone while the seat is free. */
const BASE = "http://test.local";
let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario();
});

const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;
const post = (who: Person, form: Record<string, string>) => callRoute(myGroups, { path: "/my/groups", cookie: who.cookie, form });
type Page = Awaited<ReturnType<typeof myGroups.loader>>;
const page = async (who: Person, query: string) => (await callRoute(myGroups, { path: `/my/groups?${query}`, cookie: who.cookie })).data as Page;

describe("withdrawing from a full group", () => {
  it("one tap asks for confirmation, says the seat goes to the next person, and changes nothing", async () => {
    const group = await createEmptyGroup(s, 1, "Full group");
    const holder = await createPerson(s.org, "participant", { name: "Holder" });
    const waiting = await createPerson(s.org, "participant", { name: "Waiting" });
    await registerForGroup(holder, group.id, intake(), { baseUrl: BASE });
    await registerForGroup(waiting, group.id, intake(), { baseUrl: BASE });
    const enrolmentId = await enrolmentOf(group.id, holder.id);
    const out = await post(holder, { intent: "withdraw", enrolmentId });
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/my/groups?withdraw=${enrolmentId}#confirm-withdraw`);
    expect(await statusOf(group.id, holder.id)).toBe("enrolled");
    expect(await statusOf(group.id, waiting.id)).toBe("waitlisted");
    const shown = await page(holder, `withdraw=${enrolmentId}`);
    expect(shown.confirm).toMatchObject({ enrolmentId, status: "enrolled", waiting: 1 });
    // Confirmed: the seat goes to the next person, and there is nothing to undo.
    const done = await post(holder, { intent: "withdraw", enrolmentId, confirm: "yes" });
    expect(done.location).toBe(`/my/groups?done=withdraw&undo=${enrolmentId}`);
    expect(await statusOf(group.id, waiting.id)).toBe("enrolled");
    const after = await page(holder, `done=withdraw&undo=${enrolmentId}`);
    expect(after.undo).toMatchObject({ ok: false });
    expect(JSON.stringify(after.undo)).toContain("already gone to the next person");
    expect((await post(holder, { intent: "undo-withdraw", enrolmentId })).status).toBe(400);
    expect(await statusOf(group.id, holder.id)).toBe("withdrawn");
  });

  it("offers an undo while the seat is still free, and gives the seat back", async () => {
    const group = await createEmptyGroup(s, 2, "Roomy group");
    const holder = await createPerson(s.org, "participant", { name: "Holder Two" });
    await registerForGroup(holder, group.id, intake(), { baseUrl: BASE });
    const enrolmentId = await enrolmentOf(group.id, holder.id);
    expect((await post(holder, { intent: "withdraw", enrolmentId, confirm: "yes" })).status).toBe(302);
    expect(await statusOf(group.id, holder.id)).toBe("withdrawn");
    const after = await page(holder, `done=withdraw&undo=${enrolmentId}`);
    expect(after.undo).toMatchObject({ ok: true, to: "enrolled" });
    const undone = await post(holder, { intent: "undo-withdraw", enrolmentId });
    expect(undone.location).toBe("/my/groups?done=undo-withdraw");
    expect(await statusOf(group.id, holder.id)).toBe("enrolled");
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "enrolment.undo_withdraw"), eq(auditEvents.subjectId, enrolmentId)));
    expect(audit.actorUserId).toBe(holder.id);
  });

  it("someone else's registration is a 404 for the confirmation, the withdrawal and the undo", async () => {
    const group = await createEmptyGroup(s, 2, "Private group");
    const owner = await createPerson(s.org, "participant");
    const stranger = await createPerson(s.org, "participant");
    await registerForGroup(owner, group.id, intake(), { baseUrl: BASE });
    const enrolmentId = await enrolmentOf(group.id, owner.id);
    expect((await post(stranger, { intent: "withdraw", enrolmentId })).status).toBe(404);
    expect((await post(stranger, { intent: "undo-withdraw", enrolmentId })).status).toBe(404);
    expect((await callRoute(myGroups, { path: `/my/groups?withdraw=${enrolmentId}`, cookie: stranger.cookie })).status).toBe(404);
    expect((await callRoute(myGroups, { path: "/my/groups?withdraw=junk&undo=%00", cookie: stranger.cookie })).status).toBe(200);
    expect(await statusOf(group.id, owner.id)).toBe("enrolled");
  });
});
