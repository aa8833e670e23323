import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { consents } from "~/db/tables/consent";
import { CONSENT_TEXT } from "~/modules/consent/wording";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { intake } from "../../factories/registration";
import { createOrgScenario, createPerson } from "../../factories/scenario";

/** A consent record keeps the words the person was shown: Spanish for a Spanish reader. */
describe("consent statements in the reader's language", () => {
  it("a Spanish participant's registration records the Spanish statements; an English one's the English", async () => {
    const s = await createOrgScenario();
    const maria = await createPerson(s.org, "participant", { locale: "es-US" });
    const ben = await createPerson(s.org, "participant", { locale: "en-US" });
    await registerForGroup(maria, s.group.id, intake(), { baseUrl: "http://test.local" });
    await registerForGroup(ben, s.group.id, intake(), { baseUrl: "http://test.local" });
    const wording = async (userId: string) =>
      (await db.select({ wording: consents.wording }).from(consents).where(and(eq(consents.userId, userId), eq(consents.kind, "participation"))))[0].wording;
    expect(await wording(maria.id)).toMatch(/^Acepto participar en este grupo\./);
    expect(await wording(ben.id)).toBe(CONSENT_TEXT.participation.wording);
  });
});
