import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencyItems } from "~/db/tables/competency";
import * as itemsRoute from "~/routes/competency.items";
import { installFramework } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// A framework item's code is unique in the organisation (a unique index backs the check). The
// "Add item" form sent twice at once (a double tap without JavaScript, or two administrators)
// passed the check in both transactions and the slower insert hit the index: a database error
// and the error page instead of "Another item already uses this code". Renaming two items to the
// same code at once did the same.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
  await installFramework(s.org.id);
});

const itemForm = (code: string) => ({
  code,
  standard: "2.04",
  name: `Item ${code}`,
  description: "",
  kind: "training",
  validityMonths: "",
  acceptedEvidence: "upload",
});

const send = (cookie: string, form: Record<string, string | string[]>) => callRoute(itemsRoute, { path: "/competency/items", cookie, form });

describe("the same framework code added twice at once", () => {
  it("adds one item; the other answer says the code is taken (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const code = `race-${round}`;
      const answers = await Promise.all([send(s.admin.cookie, itemForm(code)), send(s.admin.cookie, itemForm(code))]);
      const rows = await db.select().from(competencyItems).where(and(eq(competencyItems.organizationId, s.org.id), eq(competencyItems.code, code)));
      expect(rows).toHaveLength(1);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400].sort());
      const refused = answers.find((a) => a.status === 400)!;
      expect(JSON.stringify(refused.data)).toContain("Another item already uses this code.");
    }
  }, 60_000);
});
