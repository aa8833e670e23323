import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { completionCriteria } from "~/db/tables/completion";
import { translateMessage } from "~/i18n/catalog";
import * as groupCompletionPage from "~/routes/groups.$groupId.completion";
import * as programCompletionPage from "~/routes/programs.$programId.completion";
import { createGroup } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { criteriaVersionOf, groupCompletionAt, openedVersion, programCompletionAt, type StaleFailure } from "../../factories/versioned-saves";

/**
 * A group's or program's completion criteria were saved whole (both numbers) with no version: a
 * manager who opened the page earlier wrote the old "sessions to attend" back over a colleague's
 * change when she only meant to allow an absence, and nobody was told (completion letters and
 * certificates follow these numbers). The form now carries the criteria's version, compared under
 * a lock on the owner's criteria: a stale save or removal (or one naming no version) changes
 * nothing, keeps the person's entries and names the numbers changed meanwhile.
 */
const STALE =
  "These completion criteria were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the criteria as they are saved now are shown above it: compare them, then save again.";

let s: Scenario;
let otherManager: Person;
beforeAll(async () => {
  s = await createOrgScenario();
  otherManager = await createPerson(s.org, "manager");
});

const criteria = (form: Record<string, string>) => ({ intent: "criteria", ...form });

describe("two managers set a program's completion criteria from pages opened on the same version", () => {
  const at = (who: Person) => programCompletionAt(who.cookie, s.program.id);
  const open = (who: Person) => openedVersion(programCompletionPage, at(who), criteriaVersionOf);
  const send = (who: Person, form: Record<string, string>) => callRoute(programCompletionPage, { ...at(who), form });
  const saved = async () =>
    (await db.select().from(completionCriteria).where(and(eq(completionCriteria.programId, s.program.id), isNull(completionCriteria.groupId)))).map((c) => ({
      minSessionsAttended: c.minSessionsAttended,
      maxUnexcusedAbsences: c.maxUnexcusedAbsences,
    }));

  it("the second save is refused: nothing changes, the entries come back, the changed number is named; saving again after comparing works", async () => {
    // Before any criteria: both pages start from empty fields, and the first save is a change.
    const [first, second] = [await open(s.manager), await open(otherManager)];
    expect(first).toBe(second);
    expect((await send(s.manager, criteria({ version: first!, minSessionsAttended: "8", maxUnexcusedAbsences: "2" }))).status).toBe(302);
    expect((await send(s.manager, criteria({ version: (await open(s.manager))!, minSessionsAttended: "10", maxUnexcusedAbsences: "2" }))).status).toBe(302);
    const version = (await open(otherManager))!;
    expect((await send(s.manager, criteria({ version: (await open(s.manager))!, minSessionsAttended: "6", maxUnexcusedAbsences: "2" }))).status).toBe(302);
    // Her page still says 10: she allows a third absence and sends 10 back with it.
    const out = await send(otherManager, criteria({ version, minSessionsAttended: "10", maxUnexcusedAbsences: "3" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["minSessionsAttended"]);
    expect(failed.values).toMatchObject({ minSessionsAttended: "10", maxUnexcusedAbsences: "3" });
    expect(await saved()).toEqual([{ minSessionsAttended: 6, maxUnexcusedAbsences: 2 }]);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió estos criterios/);
    expect(failed.values.version).toBe(await open(otherManager));
    expect((await send(otherManager, { ...failed.values, minSessionsAttended: "6" })).status).toBe(302);
    expect(await saved()).toEqual([{ minSessionsAttended: 6, maxUnexcusedAbsences: 3 }]);
  });

  it("removing criteria someone changed meanwhile is refused; with no change meanwhile it works", async () => {
    const version = (await open(s.manager))!;
    expect((await send(otherManager, criteria({ version: (await open(otherManager))!, minSessionsAttended: "6", maxUnexcusedAbsences: "" }))).status).toBe(302);
    const out = await send(s.manager, { intent: "clear-criteria", version });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).details?.changed).toEqual(["maxUnexcusedAbsences"]);
    expect(await saved()).toEqual([{ minSessionsAttended: 6, maxUnexcusedAbsences: null }]);
    expect((await send(s.manager, { intent: "clear-criteria", version: (out.data as StaleFailure).values.version })).status).toBe(302);
    expect(await saved()).toEqual([]);
  });

  it("a save that names no version is refused and changes nothing", async () => {
    const out = await send(s.manager, criteria({ minSessionsAttended: "4", maxUnexcusedAbsences: "" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(failed.values.minSessionsAttended).toBe("4");
    expect(await saved()).toEqual([]);
    expect(failed.values.version).toBe(await open(s.manager));
  });
});

describe("a group's own completion criteria, set from two pages opened on the same version", () => {
  it("a save with no change meanwhile succeeds; criteria changed and put back are no change; a later stale save is refused; two at once take turns", async () => {
    const group = await createGroup(s, { name: "Criteria twice", facilitatorId: s.facilitator.id });
    const at = (who: Person) => groupCompletionAt(who.cookie, group.id);
    const open = (who: Person) => openedVersion(groupCompletionPage, at(who), criteriaVersionOf);
    const send = (who: Person, form: Record<string, string>) => callRoute(groupCompletionPage, { ...at(who), form });
    const saved = async () => (await db.select().from(completionCriteria).where(eq(completionCriteria.groupId, group.id)))[0];

    expect((await send(s.manager, criteria({ version: (await open(s.manager))!, minSessionsAttended: "5", maxUnexcusedAbsences: "1" }))).status).toBe(302);
    const version = (await open(otherManager))!;
    expect((await send(s.manager, criteria({ version: (await open(s.manager))!, minSessionsAttended: "7", maxUnexcusedAbsences: "1" }))).status).toBe(302);
    expect((await send(s.manager, criteria({ version: (await open(s.manager))!, minSessionsAttended: "5", maxUnexcusedAbsences: "1" }))).status).toBe(302);
    expect((await send(otherManager, criteria({ version, minSessionsAttended: "5", maxUnexcusedAbsences: "0" }))).status).toBe(302);
    expect(await saved()).toMatchObject({ minSessionsAttended: 5, maxUnexcusedAbsences: 0 });

    const stale = await send(s.manager, criteria({ version, minSessionsAttended: "4", maxUnexcusedAbsences: "1" }));
    expect(stale.status).toBe(400);
    expect((stale.data as StaleFailure).details?.changed).toEqual(["maxUnexcusedAbsences"]);
    expect(await saved()).toMatchObject({ minSessionsAttended: 5, maxUnexcusedAbsences: 0 });

    const next = (await open(s.manager))!;
    const outs = await Promise.all([
      send(s.manager, criteria({ version: next, minSessionsAttended: "6", maxUnexcusedAbsences: "0" })),
      send(otherManager, criteria({ version: next, minSessionsAttended: "5", maxUnexcusedAbsences: "2" })),
    ]);
    expect(outs.map((o) => o.status).sort()).toEqual([302, 400]);
    expect(await saved()).toMatchObject(outs[0].status === 302 ? { minSessionsAttended: 6, maxUnexcusedAbsences: 0 } : { minSessionsAttended: 5, maxUnexcusedAbsences: 2 });
  });
});
