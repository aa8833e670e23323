import { describe, expect, it } from "vitest";
import { civilToday, followUpDue } from "~/modules/referrals/dates";

describe("referral follow-ups", () => {
  it("uses the viewer's date, not the machine's", () => {
    const now = new Date("2027-03-02T03:00:00Z"); // 1 March evening in Chicago, 2 March in London
    expect(civilToday(now, "America/Chicago")).toBe("2027-03-01");
    expect(civilToday(now, "Europe/London")).toBe("2027-03-02");
  });

  it("is due from its date while still pending", () => {
    expect(followUpDue({ followUpOn: "2027-03-02", outcome: "pending" }, "2027-03-01")).toBe(false);
    expect(followUpDue({ followUpOn: "2027-03-02", outcome: "pending" }, "2027-03-02")).toBe(true);
    expect(followUpDue({ followUpOn: "2027-03-01", outcome: "connected" }, "2027-03-02")).toBe(false);
    expect(followUpDue({ followUpOn: null, outcome: "pending" }, "2027-03-02")).toBe(false);
  });
});
