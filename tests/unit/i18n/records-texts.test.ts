import { describe, expect, it } from "vitest";
import { translateMessage } from "~/i18n/catalog";
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
