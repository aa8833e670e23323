import { describe, expect, it } from "vitest";
import { releaseStatement, type ReleaseTerms } from "~/modules/completion/releases/statement";

const terms: ReleaseTerms = {
  participantName: "María López",
  organizationName: "Riverside Community Services",
  programName: "Recovery circle",
  part2: true,
  recipientName: "Officer Dana Reyes",
  recipientOrganization: "County Probation",
  recipientContact: "1 Court Square",
  purpose: "Proof for my {court} date, O'Neill's case #4",
  shares: ["completion_status", "attendance_dates"],
  expiresOn: "2027-06-05",
};

/** A release is read and signed in the signer's language; English stays word for word as before. */
describe("the release statement in the signer's language", () => {
  it("English (the default and en-GB) is unchanged, the person's own words pass through verbatim", () => {
    const english = [
      "I, María López, authorise Riverside Community Services to disclose information about my participation in Recovery circle to Officer Dana Reyes, County Probation (1 Court Square). This release covers that program only, not any other program or group of Riverside Community Services.",
      "Recovery circle is or includes a substance use disorder program. The information shared identifies me as taking part in it and is protected by federal confidentiality rules (42 CFR part 2); the recipient may not disclose it further unless I consent or those rules allow it.",
      "Only the following may be shared: attendance dates; completion status (whether I am still taking part, completed, was discharged and the reason, or was transferred, and the date). Nothing else about me, such as my notes, goals or what I said in a group, may be shared under this release.",
      "Purpose: Proof for my {court} date, O'Neill's case #4",
      'This release expires at the end of June 5, 2027. I may revoke it at any time, on "My releases" in the app or by telling Riverside Community Services; revoking stops any further letter but cannot take back one already sent.',
      "I do not have to sign this release to take part in any group or to receive services.",
    ].join("\n\n");
    expect(releaseStatement(terms)).toBe(english);
    expect(releaseStatement(terms, "en-US")).toBe(english);
    expect(releaseStatement(terms, "en-GB")).toBe(english);
  });

  it("Spanish names the same parties, items, purpose and expiry in Spanish", () => {
    const text = releaseStatement(terms, "es-ES");
    expect(text.split("\n\n")).toHaveLength(6);
    expect(text).toContain("Yo, María López, autorizo a Riverside Community Services a divulgar información sobre mi participación en Recovery circle a Officer Dana Reyes, County Probation (1 Court Square).");
    expect(text).toContain("42 CFR parte 2");
    expect(text).toContain("Solo se puede compartir lo siguiente: fechas de asistencia; situación de finalización (si todavía participo");
    expect(text).toContain("Propósito: Proof for my {court} date, O'Neill's case #4");
    expect(text).toContain("Esta autorización vence al terminar el día 5 de junio de 2027.");
    expect(releaseStatement(terms, "es-US")).toBe(text);
    expect(text).not.toMatch(/\b(the|and|release|may)\b/);
  });
});
