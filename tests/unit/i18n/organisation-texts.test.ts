import { describe, expect, it } from "vitest";
import { crisisSteps } from "~/modules/registration/crisis";
import { inLanguage } from "~/modules/translations/fallback";

describe("the organisation's texts in the reader's language", () => {
  it("uses the translation when one was written, else the text as written (a blank translation counts as none)", () => {
    const translations = new Map([
      ["", "Llame al 988."],
      ["g1", "Un grupo."],
      ["g2", "   "],
    ]);
    expect(inLanguage("Call 988.", translations, null)).toBe("Llame al 988.");
    expect(inLanguage("A group.", translations, "g1")).toBe("Un grupo.");
    expect(inLanguage("Another group.", translations, "g2")).toBe("Another group.");
    expect(inLanguage("Third group.", translations, "g3")).toBe("Third group.");
  });

  it("Spanish crisis steps get the right links: a text line texts, a call line calls", () => {
    expect(crisisSteps("Envíe un mensaje de texto al 741741.\nLlame al 988.\nLlame o envíe un texto al 988.")).toEqual([
      { text: "Envíe un mensaje de texto al 741741.", tel: "741741", sms: true },
      { text: "Llame al 988.", tel: "988", sms: false },
      { text: "Llame o envíe un texto al 988.", tel: "988", sms: false },
    ]);
    expect(crisisSteps("Text HOME to 741741.")[0].sms).toBe(true);
  });
});
