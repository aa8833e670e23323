import { describe, expect, test } from "vitest";
import { translatorFor } from "~/i18n/catalog";
import { FORMER_MEMBER, UNNAMED_MEMBER, YOU } from "~/modules/voice/proposals/names";
import { proposalMemberName } from "~/ui/voice-labels";

/** Names on a proposal's page: the module's markers in the reader's language (issue 18 leftover), names as written. */
describe("proposal member names", () => {
  test("English reads as the module's words; Spanish translates the markers", () => {
    const en = translatorFor("en-US");
    const es = translatorFor("es-US");
    expect([YOU, FORMER_MEMBER, UNNAMED_MEMBER].map((m) => proposalMemberName(en, m))).toEqual(["you", "a former member", "a member"]);
    expect(proposalMemberName(es, YOU)).toBe("usted");
    expect(proposalMemberName(es, FORMER_MEMBER)).toBe("un/a antiguo/a miembro");
    expect(proposalMemberName(es, "Pat")).toBe("Pat");
  });
});
