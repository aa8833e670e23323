import { describe, expect, it } from "vitest";
import { letterSections } from "~/modules/completion/releases/letter";
import { orderedShares, paperSignedOn, releaseExpiry, releaseState, releaseStatement, signatureMatches } from "~/modules/completion/releases/statement";

const zone = "America/New_York";
// 2026-12-05 23:30 in New York is already 2026-12-06 in UTC: the organisation's day decides.
const lateEvening = new Date("2026-12-06T04:30:00Z");

describe("a release's expiry", () => {
  it("is the end of the chosen day in the organisation's zone, from today up to 12 months ahead", () => {
    expect(releaseExpiry("2026-12-05", { zone, now: lateEvening })).toEqual({ ok: true, expiresAt: new Date("2026-12-06T05:00:00Z") });
    expect(releaseExpiry("2026-12-04", { zone, now: lateEvening })).toMatchObject({ ok: false, message: "The expiry date must be today or later." });
    expect(releaseExpiry("2027-12-05", { zone, now: lateEvening })).toMatchObject({ ok: true });
    expect(releaseExpiry("2027-12-06", { zone, now: lateEvening })).toMatchObject({ ok: false, message: expect.stringContaining("at most 12 months") });
    expect(releaseExpiry("2027-02-30", { zone, now: lateEvening })).toMatchObject({ ok: false, message: "That date does not exist." });
  });

  it("of a paper release counts from the day it was signed; that day is not in the future nor over a year ago", () => {
    expect(paperSignedOn("2026-12-05", { zone, now: lateEvening })).toEqual({ ok: true });
    expect(paperSignedOn("2026-12-06", { zone, now: lateEvening })).toMatchObject({ ok: false });
    expect(paperSignedOn("2025-12-04", { zone, now: lateEvening })).toMatchObject({ ok: false });
    expect(releaseExpiry("2027-11-01", { zone, now: lateEvening, signedOn: "2026-11-01" })).toMatchObject({ ok: true });
    expect(releaseExpiry("2027-11-02", { zone, now: lateEvening, signedOn: "2026-11-01" })).toMatchObject({ ok: false });
  });

  it("makes a release current until that instant, unless revoked", () => {
    const expiresAt = new Date("2026-12-06T05:00:00Z");
    expect(releaseState({ revokedAt: null, expiresAt }, new Date("2026-12-06T04:59:59Z"))).toBe("current");
    expect(releaseState({ revokedAt: null, expiresAt }, expiresAt)).toBe("expired");
    expect(releaseState({ revokedAt: new Date("2026-12-01T00:00:00Z"), expiresAt }, new Date("2026-12-02T00:00:00Z"))).toBe("revoked");
  });
});

describe("the release statement", () => {
  const terms = {
    participantName: "José Núñez",
    organizationName: "Riverside",
    recipientName: "Dana Reyes",
    recipientOrganization: "",
    recipientContact: "dana@example.org",
    purpose: "Court date.",
    programName: "Budgeting Basics",
    part2: false,
    shares: ["progress_summary", "attendance_dates", "progress_summary"] as const,
    expiresOn: "2027-03-01",
  };
  it("names who, to whom, what (in a fixed order, once each), why, the expiry and the right to revoke", () => {
    const text = releaseStatement({ ...terms, shares: [...terms.shares] });
    // One named program (42 CFR 2.31: a general authorisation is not enough).
    expect(text).toContain("I, José Núñez, authorise Riverside to disclose information about my participation in Budgeting Basics to Dana Reyes (dana@example.org). This release covers that program only");
    expect(text).not.toContain("its groups");
    expect(text).not.toContain("42 CFR part 2");
    expect(releaseStatement({ ...terms, shares: [...terms.shares], programName: "Recovery circle", part2: true })).toContain("Recovery circle is or includes a substance use disorder program. The information shared identifies me as taking part in it and is protected by federal confidentiality rules (42 CFR part 2)");
    expect(text).toContain("Only the following may be shared: attendance dates; progress summary.");
    expect(text).toContain("Purpose: Court date.");
    expect(text).toContain("expires at the end of March 1, 2027");
    expect(text).toContain("I may revoke it at any time");
    expect(orderedShares(["completion_status", "attendance_dates", "nonsense"])).toEqual(["attendance_dates", "completion_status"]);
    // The letter states a discharge's reason: the signed text says completion status includes it.
    expect(releaseStatement({ ...terms, shares: ["completion_status"] })).toContain(
      "Only the following may be shared: completion status (whether I am still taking part, completed, was discharged and the reason, or was transferred, and the date).",
    );
  });

  it("is signed by typing the account's name, whatever the case, spacing or accents", () => {
    expect(signatureMatches("jose  nunez", "José Núñez")).toBe(true);
    expect(signatureMatches("José Núñez ", "José Núñez")).toBe(true);
    expect(signatureMatches("José", "José Núñez")).toBe(false);
    expect(signatureMatches("   ", " ")).toBe(false);
  });
});

describe("the letter's sections", () => {
  const at = (iso: string) => new Date(iso);
  const sessions = [
    { id: "a", startsAt: at("2026-11-02T23:00:00Z"), endsAt: at("2026-11-03T00:30:00Z"), status: "held" as const },
    { id: "b", startsAt: at("2026-11-09T23:00:00Z"), endsAt: at("2026-11-10T00:30:00Z"), status: "held" as const },
    { id: "c", startsAt: at("2026-11-16T23:00:00Z"), endsAt: at("2026-11-17T00:30:00Z"), status: "cancelled" as const },
    { id: "d", startsAt: at("2026-11-23T23:00:00Z"), endsAt: at("2026-11-24T00:30:00Z"), status: "held" as const },
    { id: "e", startsAt: at("2026-12-20T23:00:00Z"), endsAt: at("2026-12-21T00:30:00Z"), status: "scheduled" as const },
  ];
  const marks = [
    { sessionId: "a", status: "present" as const, walkIn: false },
    { sessionId: "b", status: "absent" as const, walkIn: false },
    { sessionId: "d", status: "late" as const, walkIn: false },
  ];
  const base = { sessions, marks, enrolmentStatus: "enrolled", startedOn: "2026-10-30", outcome: null, criteria: { minSessionsAttended: 3, maxUnexcusedAbsences: 1 }, zone, now: at("2026-12-05T12:00:00Z") };

  it("holds only the allowed items, in the fixed order, with dates in the group's zone", () => {
    const only = letterSections({ ...base, shares: ["progress_summary", "attendance_dates"] });
    expect(only.map((s) => s.item)).toEqual(["attendance_dates", "progress_summary"]);
    // 23:00 UTC on Nov 2 is 18:00 on Nov 2 in New York (and already Nov 3 in UTC).
    expect(only[0].lines).toEqual(["Mon, Nov 2, 2026; Mon, Nov 23, 2026"]);
    expect(only[1].lines).toEqual(["Completion requires attending at least 3 sessions with no more than 1 unexcused absence.", "Needs 1 more session to meet the requirements."]);
    expect(letterSections({ ...base, shares: [] })).toEqual([]);
  });

  it("counts held sessions only (not cancelled, not future) and the hours of those attended", () => {
    const [totals] = letterSections({ ...base, shares: ["attendance_totals"] });
    expect(totals.lines).toEqual(["Attended 2 of the 3 sessions held (3.0 hours).", "Excused absences: 0. Unexcused absences: 1."]);
  });

  it("counts the sessions since the person started (a session before it counts only with their mark) and the time they were there", () => {
    // Started on 5 November: session a (2 November, no mark) is not theirs; d is 90 minutes, 20 missed by arriving late.
    const later = [
      { sessionId: "b", status: "absent" as const, walkIn: false },
      { sessionId: "d", status: "late" as const, walkIn: false, arrivedAt: at("2026-11-23T23:20:00Z"), leftAt: null },
    ];
    const [totals] = letterSections({ ...base, marks: later, startedOn: "2026-11-05", shares: ["attendance_totals"] });
    expect(totals.lines).toEqual(["Attended 1 of the 2 sessions held (1.2 hours).", "Excused absences: 0. Unexcused absences: 1."]);
    // A walk-in visit before the enrolment started is theirs.
    const [withVisit] = letterSections({ ...base, marks: [{ sessionId: "a", status: "present" as const, walkIn: true }, ...later], startedOn: "2026-11-05", shares: ["attendance_totals"] });
    expect(withVisit.lines[0]).toBe("Attended 2 of the 3 sessions held (2.7 hours).");
  });

  it("states the outcome without the free-text reason of an 'other' discharge", () => {
    const status = (outcome: Parameters<typeof letterSections>[0]["outcome"], enrolmentStatus = "enrolled") =>
      letterSections({ ...base, enrolmentStatus, outcome, shares: ["completion_status"] })[0].lines[0];
    expect(status(null)).toBe("Taking part since October 30, 2026; has not finished the program yet.");
    expect(status(null, "waitlisted")).toBe("Registered on October 30, 2026; waiting for a place, not taking part yet.");
    // Leaving is dated by when the person left, never by when they registered.
    expect(status(null, "withdrawn")).toBe("No longer enrolled in this group.");
    const left = (leftStatus: "withdrawn" | "removed") =>
      letterSections({ ...base, enrolmentStatus: leftStatus, left: { status: leftStatus, on: "2026-11-20", at: at("2026-11-20T17:00:00Z") }, shares: ["completion_status", "attendance_totals"] });
    expect(left("withdrawn")[1].lines[0]).toBe("Withdrew from this group on November 20, 2026.");
    expect(left("removed")[1].lines[0]).toBe("Removed from this group on November 20, 2026.");
    // Sessions after the person left are not held against them (only a and b, before Nov 20, count).
    expect(left("withdrawn")[0].lines[0]).toBe("Attended 1 of the 2 sessions held (1.5 hours).");
    expect(status({ outcome: "completed", endedOn: "2026-11-24", endedAt: at("2026-11-25T05:00:00Z"), reason: null }, "completed")).toBe("Completed the program on November 24, 2026.");
    expect(status({ outcome: "discharged", endedOn: "2026-11-24", endedAt: at("2026-11-25T05:00:00Z"), reason: "withdrew" }, "discharged")).toBe("Discharged on November 24, 2026 (withdrew).");
    expect(status({ outcome: "discharged", endedOn: "2026-11-24", endedAt: at("2026-11-25T05:00:00Z"), reason: "other" }, "discharged")).toBe("Discharged on November 24, 2026.");
  });
});
