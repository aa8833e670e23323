import { describe, expect, it } from "vitest";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { prefillFromIntakes } from "~/modules/plans/prefill";
import { prefillLine } from "~/ui/plans-staff";

/** A new service plan starts from the intake answers, written by modules/plans/prefill.ts in English. */
const intake = {
  groupName: "Budgeting Basics",
  needAreas: ["housing", "mental_health"],
  otherNeed: "A bus pass",
  urgentNote: "Eviction notice",
  accessibilityNeeds: "Large print",
  language: "es",
};
const lines = (text: string, locale: "en-US" | "es-ES") => text.split("\n").map((line) => prefillLine(line, (m) => translateMessage(m, locale)));

describe("the plan's intake prefill in the reader's language", () => {
  it("reads each prefilled line in Spanish, the need areas one by one, the person's words unchanged", () => {
    const basics = prefillFromIntakes([intake]);
    expect(lines(basics.needs, "es-ES")).toEqual(["Vivienda; Salud mental", "También necesita: A bus pass", "Urgente en la admisión (Budgeting Basics): Eviction notice"]);
    expect(lines(basics.barriers, "es-ES")).toEqual(["Accesibilidad: Large print", "Prefiere el español al inglés"]);
  });

  it("leaves English byte for byte", () => {
    const basics = prefillFromIntakes([intake]);
    expect(lines(basics.needs, "en-US").join("\n")).toBe(basics.needs);
    expect(lines(basics.barriers, "en-US").join("\n")).toBe(basics.barriers);
  });
});

describe("the records pages' composed sentences in English", () => {
  it("read exactly as the pages wrote them before the catalogs (spaces, plurals, selects)", () => {
    const t = translatorFor("en-US");
    expect(t("records.incidents.none", { status: "open" })).toBe("No open incidents.");
    expect(t("records.incidents.none", { status: "all" })).toBe("No incidents.");
    expect(t("records.shared.signedBy", { name: "X" })).toBe(" by X on ");
    expect(t("records.incidents.actions", { count: 2, open: 1 })).toBe(". 2 follow-up actions, 1 open");
    expect(t("records.planParts.service", { group: "G", times: 1, period: "week", minutes: 90 })).toBe("G, once a week, 90 minutes each");
    expect(t("records.planParts.service", { group: "G", times: 3, period: "month", minutes: 90 })).toBe("G, 3 times a month, 90 minutes each");
    expect(t("records.notes.alsoAttendedUnnamed", { count: 1 })).toBe("Also attended: 1 person you do not lead or manage, so their name and progress note are not shown.");
    expect(t("records.curriculum.withoutUnit", { count: 1 })).toMatch(/^1 session has no unit\./);
    expect(t("records.plan.prefilled", { count: 2, name: "Pat" })).toMatch(/^Filled in from their 2 intakes\./);
    expect(t("records.plan.inWords", { name: "Pat" })).toBe("In Pat's words:");
  });
});
