import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { competencyItems } from "~/db/tables/competency";
import { runCompetencyExpiry } from "~/modules/competency/jobs.server";
import { installFramework, makeCurrent } from "../../factories/competency";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
let recordId: string;
let itemId: string;

const mailFor = () => db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `competency-%:${recordId}:%`));

beforeAll(async () => {
  // The job runs at explicit instants, so the group's Tuesdays are pinned (2 March to 27 April 2027).
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const items = await installFramework(s.org.id);
  itemId = items["2.03-suicide"].id;
  // Twelve-month validity from 2026-03-20: expires 2027-03-20; the 60-day reminder is due on 2027-01-19.
  const ids = await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, { achievedOn: "2026-03-20", only: ["2.03-suicide"] });
  recordId = ids["2.03-suicide"];
  await db.update(competencyItems).set({ archivedAt: new Date("2026-06-01T00:00:00Z") }).where(eq(competencyItems.id, itemId));
});

describe("records of an archived item", () => {
  it("get no reminder and no expiry notice (the item is no longer required)", async () => {
    await runCompetencyExpiry(new Date("2027-01-19T15:00:00Z"), "https://app.test");
    await runCompetencyExpiry(new Date("2027-03-21T15:00:00Z"), "https://app.test");
    expect(await mailFor()).toEqual([]);
  });

  it("are reminded again once the item is restored", async () => {
    await db.update(competencyItems).set({ archivedAt: null }).where(eq(competencyItems.id, itemId));
    expect((await runCompetencyExpiry(new Date("2027-01-19T15:00:00Z"), "https://app.test")).reminders).toBe(2);
  });
});
