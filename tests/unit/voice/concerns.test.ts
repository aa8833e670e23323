import { describe, expect, it } from "vitest";
import { anonymousReceivedAt, canMoveConcern, hoursToFirstResponse, isConcernOverdue } from "~/modules/voice/concerns";

const receivedAt = new Date("2027-03-01T09:30:00Z");
const clock = (iso: string) => () => new Date(iso);

describe("concern overdue rule (injected clock)", () => {
  const open = { status: "received" as const, receivedAt, firstResponseAt: null };

  it("is not overdue until 5 days have passed, then is", () => {
    expect(isConcernOverdue(open, clock("2027-03-06T09:30:00Z")())).toBe(false);
    expect(isConcernOverdue(open, clock("2027-03-06T09:30:01Z")())).toBe(true);
  });

  it("uses the organisation's own number of days", () => {
    expect(isConcernOverdue(open, clock("2027-03-03T10:00:00Z")(), 2)).toBe(true);
    expect(isConcernOverdue(open, clock("2027-03-03T10:00:00Z")(), 3)).toBe(false);
  });

  it("a first response or closing stops the clock, in review does not", () => {
    const late = clock("2027-03-20T00:00:00Z")();
    expect(isConcernOverdue({ ...open, status: "in_review" }, late)).toBe(true);
    expect(isConcernOverdue({ ...open, status: "responded", firstResponseAt: new Date("2027-03-02T00:00:00Z") }, late)).toBe(false);
    expect(isConcernOverdue({ ...open, status: "closed" }, late)).toBe(false);
  });

  it("measures the time to first response in hours", () => {
    expect(hoursToFirstResponse({ receivedAt, firstResponseAt: new Date("2027-03-02T21:30:00Z") })).toBe(36);
    expect(hoursToFirstResponse({ receivedAt, firstResponseAt: null })).toBeNull();
  });

  it("anonymous concerns keep only the hour", () => {
    expect(anonymousReceivedAt(new Date("2027-03-01T09:59:59.999Z")).toISOString()).toBe("2027-03-01T09:00:00.000Z");
  });
});

describe("status flow", () => {
  it("goes received → in review → responded → closed, and a closed concern can be reopened for review", () => {
    expect(canMoveConcern("received", "in_review")).toBe(true);
    expect(canMoveConcern("in_review", "responded")).toBe(true);
    expect(canMoveConcern("responded", "closed")).toBe(true);
    expect(canMoveConcern("closed", "in_review")).toBe(true);
    expect(canMoveConcern("closed", "received")).toBe(false);
    expect(canMoveConcern("responded", "received")).toBe(false);
  });
});
