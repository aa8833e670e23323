import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { derivedResults } from "~/db/tables/derived";
import * as roundPage from "~/routes/rounds.$roundId._index";
import { addParticipant, createRoundAs, setAvailability, w } from "../../factories/scheduling";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

/**
 * The round heatmap is not recomputed when nothing changed since the last view (issue 20): the
 * suggestion is stored in derived_results with the hash of its inputs, served while they hash the
 * same, and recomputed as soon as an answer (or anything else it reads) changes.
 */
let s: Scenario;
let cara: Person;
let roundId: string;

type Page = Awaited<ReturnType<typeof roundPage.loader>>;
const view = async (who: Person) => {
  const out = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: who.cookie });
  expect(out.status).toBe(200);
  return out.data as Page;
};
const stored = async () =>
  db
    .select()
    .from(derivedResults)
    .where(and(eq(derivedResults.organizationId, s.org.id), eq(derivedResults.kind, "round-suggestion"), eq(derivedResults.subject, roundId)));

beforeAll(async () => {
  s = await createOrgScenario();
  cara = await addParticipant(s, { name: "Cara NY", timezone: "America/New_York" });
  await setAvailability(cara, [w("thu", "17:00", "21:00")]);
  await setAvailability(s.facilitator, [w("tue", "09:00", "21:00"), w("thu", "09:00", "21:00")]);
  roundId = await createRoundAs(s.manager, s.group.id);
});

describe("the round heatmap, stored with the hash of its inputs", () => {
  it("is computed once and served from the store while nothing changes", async () => {
    const first = await view(s.manager);
    const [row] = await stored();
    expect(row).toBeDefined();
    const again = await view(s.facilitator);
    const [same] = await stored();
    expect(same.inputHash).toBe(row.inputHash);
    expect(same.computedAt.getTime()).toBe(row.computedAt.getTime());
    // What the stored result gives is what computing it gave: same slots, same counts.
    expect(again.slots).toEqual(first.slots);
    expect(first.slots.some((x) => x.available > 0)).toBe(true);
  });

  it("is recomputed after an answer changes, and shows the new answer", async () => {
    const [before] = await stored();
    const thursday = (p: Page) => p.slots.filter((x) => x.day === "thu" && x.available > 0).length;
    const had = thursday(await view(s.manager));
    expect(had).toBeGreaterThan(0);
    // Cara moves her only window from Thursday to Saturday.
    await setAvailability(cara, [w("sat", "10:00", "12:00")]);
    const after = await view(s.manager);
    const [row] = await stored();
    expect(row.inputHash).not.toBe(before.inputHash);
    expect(thursday(after)).toBe(0);
  });

  it("is one row per round, whatever the number of views and changes", async () => {
    await setAvailability(cara, [w("thu", "17:00", "21:00")]);
    await view(s.manager);
    await view(s.manager);
    expect(await stored()).toHaveLength(1);
  });
});
