import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { resources } from "~/db/tables/referrals";
import { translatorFor } from "~/i18n/catalog";
import type { StandardEvidence } from "~/modules/metrics/standards";
import * as evidencePage from "~/routes/evidence._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

/**
 * Evidence 6.02's directory gap names the missing fields as codes beside its English items (issue
 * 18 leftover: "contact person, fees" stayed English on the Spanish page); the page words them.
 */
describe("6.02 directory gap in the reader's language", () => {
  it("lists each incomplete entry's missing fields as codes, the same entries as the English items", async () => {
    const org = await createOrgScenario();
    const full = { phone: "(555) 010-1000", services: "Meals", eligibility: "Anyone", languages: "English", fees: "Free", location: "1 Main St" };
    await db.insert(resources).values([
      { organizationId: org.org.id, name: "Complete pantry", contactPerson: "Desk", ...full },
      { organizationId: org.org.id, name: "Bare clinic", contactPerson: "", ...full, phone: "", location: "", fees: "" },
      ...Array.from({ length: 27 }, (_, i) => ({ organizationId: org.org.id, name: `Sparse ${String(i).padStart(2, "0")}`, contactPerson: "", ...full, languages: "" })),
    ]);
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: org.manager.cookie })).data as { standards: StandardEvidence[] };
    const gap = data.standards.find((x) => x.code === "6.02")!.gaps.find((g) => g.label === "Entries missing 6.02 fields")!;
    expect(gap.entries).toHaveLength(25);
    expect(gap.entries![0]).toEqual({ name: "Bare clinic", missingFields: ["contact_person", "phone", "fees", "location"] });
    expect(gap.entries![1]).toEqual({ name: "Sparse 00", missingFields: ["contact_person", "languages"] });
    expect(gap.items.slice(0, 2)).toEqual(["Bare clinic: contact person, phone, fees, location", "Sparse 00: contact person, languages"]);
    expect(gap.items[25]).toBe("…and 3 more");
    const es = translatorFor("es-ES");
    const en = translatorFor("en-US");
    const word = (t: typeof es, e: NonNullable<typeof gap.entries>[number]) => t("metrics.evidence.directoryFields.entry", { name: e.name, fields: e.missingFields.map((f) => t(`metrics.evidence.directoryFields.${f}`)).join(", ") });
    expect(word(es, gap.entries![0])).toBe("Bare clinic: persona de contacto, teléfono, tarifas, ubicación");
    gap.entries!.forEach((e, i) => expect(word(en, e)).toBe(gap.items[i]));
  });
});
