import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { logicModels } from "~/db/tables/metrics";
import { translateMessage } from "~/i18n/catalog";
import * as logicModelPage from "~/routes/programs.$programId.logic-model";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, type StaleFailure } from "../../factories/versioned-saves";

/**
 * A program's logic model saves its four text boxes whole with no version: a manager who opened
 * the page earlier wrote the old "needs" back over a colleague's newer wording when she changed
 * the activities. The form now carries the model's version; a stale save, or one naming no
 * version, saves nothing, keeps the entries and names the boxes changed meanwhile.
 */
const STALE =
  "This logic model was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the logic model as it is saved now is shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

describe("two managers save one program's logic model from pages opened on the same version", () => {
  const at = (who: Person) => ({ path: `/programs/${s.program.id}/logic-model`, params: { programId: s.program.id }, cookie: who.cookie });
  const model = async () => (await db.select().from(logicModels).where(eq(logicModels.programId, s.program.id)))[0];
  const open = (who: Person) => openedVersion(logicModelPage, at(who));
  const send = (who: Person, form: Record<string, string>) => callRoute(logicModelPage, { ...at(who), form: { intent: "model", needs: "", inputs: "", activities: "", impact: "", ...form } });

  it("the second save is refused: the newer text stays, the entries are kept, the changed box is named; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager), await open(s.admin)];
    expect((await send(s.manager, { version: first!, needs: "Isolation and money stress" })).status).toBe(200);
    const before = await model();
    const out = await send(s.admin, { version: second!, activities: "Weekly circle" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["needs"]);
    expect(failed.values.activities).toBe("Weekly circle");
    expect(await model()).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió este modelo lógico/);
    expect(failed.values.version).toBe(await open(s.admin));
    expect((await send(s.admin, { ...failed.values, needs: "Isolation and money stress" })).status).toBe(200);
    expect(await model()).toMatchObject({ needs: "Isolation and money stress", activities: "Weekly circle" });
  });

  it("adding a line is no conflict; a save naming no version is refused and changes nothing", async () => {
    const version = await open(s.manager);
    expect((await callRoute(logicModelPage, { ...at(s.admin), form: { intent: "add-line", kind: "output", description: "Sessions held", metricKey: "sessions_held", target: "3" } })).status).toBe(200);
    const before = await model();
    const out = await send(s.manager, { needs: "Renamed" });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await model()).toEqual(before);
    expect((await send(s.manager, { version: version!, needs: before.needs, inputs: "Two facilitators", activities: before.activities })).status).toBe(200);
  });
});
