import { describe, expect, it } from "vitest";
import {
  compareQueue,
  newcomerPosition,
  nextStepText,
  offerExpiry,
  offerHasLapsed,
  orderWaitlist,
  placeNewRegistration,
  planPromotions,
  seatsFree,
  waitlistPosition,
  type QueueEntry,
  type SeatHolder,
} from "~/modules/registration/waitlist";

const t0 = new Date("2027-03-01T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const entry = (id: string, minutes: number, urgent = false, seq = minutes): QueueEntry => ({ enrolmentId: id, urgent, queuedAt: at(minutes), queueSeq: seq });
const enrolled = (n: number): SeatHolder[] => Array.from({ length: n }, () => ({ status: "enrolled", offerExpiresAt: null }));

describe("waitlist ordering", () => {
  it("puts urgent needs first, then orders by time of registration", () => {
    const ordered = orderWaitlist([entry("a", 1), entry("b", 2, true), entry("c", 3), entry("d", 4, true)]);
    expect(ordered.map((e) => e.enrolmentId)).toEqual(["b", "d", "a", "c"]);
  });

  it("breaks a tie in queue time by the lock order (sequence), then by id", () => {
    expect(orderWaitlist([entry("x", 5, false, 9), entry("y", 5, false, 3)]).map((e) => e.enrolmentId)).toEqual(["y", "x"]);
    expect(compareQueue(entry("a", 5, false, 1), entry("b", 5, false, 1))).toBeLessThan(0);
  });

  it("does not change the input array", () => {
    const input = [entry("a", 2), entry("b", 1)];
    orderWaitlist(input);
    expect(input.map((e) => e.enrolmentId)).toEqual(["a", "b"]);
  });

  it("gives 1-based positions and null for someone not waiting", () => {
    const list = [entry("a", 1), entry("b", 2, true), entry("c", 3)];
    expect(waitlistPosition(list, "b")).toBe(1);
    expect(waitlistPosition(list, "a")).toBe(2);
    expect(waitlistPosition(list, "c")).toBe(3);
    expect(waitlistPosition(list, "zz")).toBeNull();
  });
});

describe("a newcomer's place", () => {
  it("agrees with the full ordering when the newcomer queued last", () => {
    const waiting = [entry("a", 1), entry("b", 2, true), entry("c", 3), entry("d", 4, true)];
    for (const urgent of [true, false]) {
      const me = entry("me", 99, urgent);
      expect(newcomerPosition({ urgent, waiting: 4, urgentWaiting: 2 })).toBe(waitlistPosition([...waiting, me], "me"));
    }
  });
});

describe("seats", () => {
  it("counts enrolled people and open offers as taken, lapsed offers as free", () => {
    const holders: SeatHolder[] = [...enrolled(2), { status: "offered", offerExpiresAt: at(60) }, { status: "offered", offerExpiresAt: at(-1) }];
    expect(seatsFree(5, holders, t0)).toBe(2);
    expect(seatsFree(3, holders, t0)).toBe(0);
    expect(seatsFree(2, [...enrolled(3)], t0)).toBe(0); // never negative
  });

  it("seats a newcomer only when a seat is free and nobody is waiting", () => {
    expect(placeNewRegistration({ capacity: 2, taken: 1, waiting: 0 })).toBe("enrolled");
    expect(placeNewRegistration({ capacity: 2, taken: 2, waiting: 0 })).toBe("waitlisted");
    expect(placeNewRegistration({ capacity: 2, taken: 3, waiting: 0 })).toBe("waitlisted");
    expect(placeNewRegistration({ capacity: 2, taken: 1, waiting: 1 })).toBe("waitlisted");
  });
});

describe("promotion", () => {
  const waitlist = [entry("late", 10), entry("urgent", 20, true), entry("early", 5)];

  it("promotes nobody when the group is full", () => {
    expect(planPromotions({ capacity: 2, holders: enrolled(2), waitlist, mode: "automatic", offerHours: 48, now: t0 })).toEqual([]);
  });

  it("gives a freed seat to the first eligible person: urgent first", () => {
    expect(planPromotions({ capacity: 3, holders: enrolled(2), waitlist, mode: "automatic", offerHours: 48, now: t0 })).toEqual([
      { enrolmentId: "urgent", to: "enrolled" },
    ]);
  });

  it("fills several seats in order when capacity rises", () => {
    const plan = planPromotions({ capacity: 5, holders: enrolled(2), waitlist, mode: "automatic", offerHours: 48, now: t0 });
    expect(plan.map((p) => p.enrolmentId)).toEqual(["urgent", "early", "late"]);
  });

  it("in offer mode makes offers that expire after the group's hours", () => {
    const plan = planPromotions({ capacity: 3, holders: enrolled(2), waitlist, mode: "offer", offerHours: 48, now: t0 });
    expect(plan).toEqual([{ enrolmentId: "urgent", to: "offered", offerExpiresAt: new Date("2027-03-03T12:00:00Z") }]);
  });

  it("in offer mode seats at once someone the app cannot reach (an offer they never hear of would lapse)", () => {
    const unreachable = [{ ...entry("walk-in", 1), reachable: false }, entry("confirmed", 2)];
    const plan = planPromotions({ capacity: 4, holders: enrolled(2), waitlist: unreachable, mode: "offer", offerHours: 48, now: t0 });
    expect(plan).toEqual([
      { enrolmentId: "walk-in", to: "enrolled" },
      { enrolmentId: "confirmed", to: "offered", offerExpiresAt: new Date("2027-03-03T12:00:00Z") },
    ]);
  });

  it("passes a lapsed offer's seat to the next person", () => {
    const holders: SeatHolder[] = [...enrolled(2), { status: "offered", offerExpiresAt: at(0) }];
    const plan = planPromotions({ capacity: 3, holders, waitlist: [entry("next", 30)], mode: "offer", offerHours: 24, now: t0 });
    expect(plan).toEqual([{ enrolmentId: "next", to: "offered", offerExpiresAt: at(24 * 60) }]);
  });
});

describe("offer expiry with an injected clock", () => {
  const expires = offerExpiry(t0); // default 48 h

  it("defaults to 48 hours", () => {
    expect(expires.toISOString()).toBe("2027-03-03T12:00:00.000Z");
  });

  it("is open one millisecond before the deadline and lapsed at it", () => {
    expect(offerHasLapsed(expires, new Date(expires.getTime() - 1))).toBe(false);
    expect(offerHasLapsed(expires, expires)).toBe(true);
    expect(offerHasLapsed(expires, new Date(expires.getTime() + 3_600_000))).toBe(true);
  });

  it("is measured in elapsed hours, whatever the machine or group zone (DST weekend)", () => {
    const beforeSpringForward = new Date("2027-03-13T17:00:00Z"); // Saturday noon in New York, EST
    expect(offerExpiry(beforeSpringForward, 48).toISOString()).toBe("2027-03-15T17:00:00.000Z");
  });

  it("never lapses without a deadline", () => {
    expect(offerHasLapsed(null, new Date("2100-01-01T00:00:00Z"))).toBe(false);
  });

  it("rejects nonsense hours", () => {
    expect(() => offerExpiry(t0, 0)).toThrow(RangeError);
    expect(() => offerExpiry(t0, 1.5)).toThrow(RangeError);
    expect(() => offerExpiry(t0, 10_000)).toThrow(RangeError);
  });
});

describe("what happens next", () => {
  it("tells a waiting person their place", () => {
    expect(nextStepText("waitlisted", 1)).toMatch(/next in line/);
    expect(nextStepText("waitlisted", 4)).toMatch(/number 4/);
    expect(nextStepText("offered", null)).toMatch(/Accept it before the deadline/);
  });
});
