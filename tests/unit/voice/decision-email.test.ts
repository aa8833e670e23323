import { describe, expect, it } from "vitest";
import { proposalDecisionEmail } from "~emails/voice-decision";

const base = {
  name: "Pat",
  title: "Move the circle to 18:30",
  audience: "Tuesday Circle",
  decisionText: "We start at 18:30.",
  rationale: "Most people finish work at 18:00.",
  proposer: false,
  url: "https://example.org/proposals/abc",
};

describe("proposal decision email", () => {
  it.each([
    ["adopted", "Adopted", "It was adopted."],
    ["adopted_with_changes", "Adopted with changes", "It was adopted with changes."],
    ["not_adopted", "Not adopted", "It was not adopted."],
  ] as const)("says the outcome %s in the subject and the text", (outcome, label, sentence) => {
    const mail = proposalDecisionEmail({ ...base, outcome });
    expect(mail.subject).toBe(`Decision on “Move the circle to 18:30”: ${label}`);
    expect(mail.text).toContain(sentence);
    expect(mail.html).toContain(sentence);
  });

  it("carries the decision, the reasons and the link, in text and HTML", () => {
    const mail = proposalDecisionEmail({ ...base, outcome: "adopted" });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("What was decided: We start at 18:30.");
      expect(part).toContain("Why: Most people finish work at 18:00.");
      expect(part).toContain("https://example.org/proposals/abc");
      expect(part).toContain("The proposal “Move the circle to 18:30” for Tuesday Circle has been decided.");
    }
  });

  it("tells the proposer it was their proposal", () => {
    expect(proposalDecisionEmail({ ...base, outcome: "not_adopted", proposer: true }).text).toContain("Your proposal “Move the circle to 18:30”");
  });

  it("escapes what people typed in the HTML and keeps the subject on one line", () => {
    const mail = proposalDecisionEmail({
      ...base,
      outcome: "adopted",
      title: "Snacks\r\nBcc: someone@example.org",
      decisionText: `<script>alert("x")</script> & more`,
      rationale: "<b>because</b>",
    });
    expect(mail.subject).toBe("Decision on “Snacks Bcc: someone@example.org”: Adopted");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(mail.html).toContain("&lt;b&gt;because&lt;/b&gt;");
    expect(mail.text).toContain(`<script>alert("x")</script> & more`);
  });
});
