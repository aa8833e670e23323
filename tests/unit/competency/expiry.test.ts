import { describe, expect, it } from "vitest";
import {
  computeExpiry,
  daysBetween,
  deriveStatus,
  describeRecord,
  dueReminder,
  isCurrentVerified,
  isExpiringSoon,
  todayInZone,
} from "~/modules/competency/expiry";

describe("expiry computation", () => {
  it("adds the validity in calendar months", () => {
    expect(computeExpiry("2026-03-15", 12)).toBe("2027-03-15");
    expect(computeExpiry("2026-03-15", 24)).toBe("2028-03-15");
    expect(computeExpiry("2026-11-30", 3)).toBe("2027-02-28");
  });

  it("clamps to the end of a shorter month, leap years included", () => {
    expect(computeExpiry("2026-01-31", 1)).toBe("2026-02-28");
    expect(computeExpiry("2027-01-31", 13)).toBe("2028-02-29");
    expect(computeExpiry("2028-02-29", 12)).toBe("2029-02-28");
  });

  it("never expires without a validity or without an achieved date", () => {
    expect(computeExpiry("2026-03-15", null)).toBeNull();
    expect(computeExpiry(null, 12)).toBeNull();
  });

  it("takes today in the organisation's zone, not the machine's", () => {
    const instant = new Date("2026-06-01T02:30:00Z");
    expect(todayInZone(instant, "America/New_York")).toBe("2026-05-31");
    expect(todayInZone(instant, "Pacific/Auckland")).toBe("2026-06-01");
    expect(todayInZone(instant, "UTC")).toBe("2026-06-01");
  });

  it("counts whole days between civil dates across a DST change", () => {
    expect(daysBetween("2026-03-01", "2026-03-31")).toBe(30);
    expect(daysBetween("2026-10-20", "2026-11-05")).toBe(16);
    expect(daysBetween("2026-03-10", "2026-03-01")).toBe(-9);
  });
});

describe("status derivation with an injected today", () => {
  const verified = { status: "verified" as const, expiresOn: "2026-07-01" };

  it("is verified until the day before expiry and expired on the expiry date", () => {
    expect(deriveStatus(verified, "2026-06-30")).toBe("verified");
    expect(deriveStatus(verified, "2026-07-01")).toBe("expired");
    expect(deriveStatus(verified, "2027-01-01")).toBe("expired");
    expect(isCurrentVerified(verified, "2026-06-30")).toBe(true);
    expect(isCurrentVerified(verified, "2026-07-01")).toBe(false);
  });

  it("expires demonstrated records too, but leaves in-progress ones alone", () => {
    expect(deriveStatus({ status: "demonstrated", expiresOn: "2026-07-01" }, "2026-07-02")).toBe("expired");
    expect(deriveStatus({ status: "in_progress", expiresOn: null }, "2030-01-01")).toBe("in_progress");
  });

  it("treats no record as not started, and a record without expiry as lasting", () => {
    expect(deriveStatus(null, "2026-01-01")).toBe("not_started");
    expect(deriveStatus({ status: "verified", expiresOn: null }, "2099-01-01")).toBe("verified");
  });

  it("a demonstrated record is not current verified", () => {
    expect(isCurrentVerified({ status: "demonstrated", expiresOn: "2030-01-01" }, "2026-01-01")).toBe(false);
  });

  it("flags records lapsing within 60 days as expiring", () => {
    expect(isExpiringSoon(verified, "2026-05-02")).toBe(true); // 60 days
    expect(isExpiringSoon(verified, "2026-05-01")).toBe(false); // 61 days
    expect(isExpiringSoon(verified, "2026-07-01")).toBe(false); // expired, not expiring
  });

  it("describes the state in words", () => {
    expect(describeRecord(verified, "2026-06-11")).toBe("Verified, expires in 20 days");
    expect(describeRecord(verified, "2026-01-01")).toBe("Verified, expires 2026-07-01");
    expect(describeRecord(verified, "2026-07-01")).toBe("Expired on 2026-07-01");
    expect(describeRecord(null, "2026-07-01")).toBe("Not started");
  });
});

describe("reminder thresholds", () => {
  const rec = { status: "verified" as const, expiresOn: "2026-09-30" };

  it("gives nothing more than 60 days out", () => {
    expect(dueReminder(rec, "2026-07-31")).toBeNull(); // 61 days
  });

  it("gives the tightest threshold reached while still valid", () => {
    expect(dueReminder(rec, "2026-08-01")).toBe(60); // 60 days
    expect(dueReminder(rec, "2026-08-30")).toBe(60); // 31 days
    expect(dueReminder(rec, "2026-08-31")).toBe(30); // 30 days
    expect(dueReminder(rec, "2026-09-22")).toBe(30); // 8 days
    expect(dueReminder(rec, "2026-09-23")).toBe(7); // 7 days
    expect(dueReminder(rec, "2026-09-29")).toBe(7); // 1 day
  });

  it("gives none on or after the expiry date, for unverified work, or without an expiry", () => {
    expect(dueReminder(rec, "2026-09-30")).toBeNull();
    expect(dueReminder({ status: "in_progress", expiresOn: "2026-09-30" }, "2026-09-25")).toBeNull();
    expect(dueReminder({ status: "verified", expiresOn: null }, "2026-09-25")).toBeNull();
  });

  it("a record first seen 20 days out is due its 30-day reminder, never a late 60-day one", () => {
    expect(dueReminder(rec, "2026-09-10")).toBe(30);
  });
});
