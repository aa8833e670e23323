import { describe, expect, test } from "vitest";
import { AUDIT_ACTIONS } from "~/modules/audit/actions";
import { CATALOGS } from "~/i18n/catalog";

type Names = Record<string, string>;
const names = (language: "en" | "es") => ((CATALOGS[language].admin as { audit: { actionName: Names } }).audit.actionName);

describe("audit action names (the audit trail's filter and table, admin.audit.tsx)", () => {
  test("every audit action has a Spanish name, and English shows the action's code as before", () => {
    const es = names("es");
    const en = names("en");
    const key = (code: string) => code.replace(/\./g, "__");
    expect(AUDIT_ACTIONS.filter((code) => !es[key(code)] || es[key(code)] === code)).toEqual([]);
    expect(AUDIT_ACTIONS.filter((code) => en[key(code)] !== code)).toEqual([]);
    // No name for an action that no longer exists.
    expect(Object.keys(es).filter((k) => !AUDIT_ACTIONS.some((code) => key(code) === k))).toEqual([]);
  });
});
