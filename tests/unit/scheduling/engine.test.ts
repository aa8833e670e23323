import { describe, expect, it } from "vitest";
import { formCohorts } from "~/modules/scheduling/cohorts";
import { suggestTimes } from "~/modules/scheduling/engine";
import { parseSuggestRequest, type SuggestRequest } from "~/modules/scheduling/schema";
import { compareIds } from "~/modules/scheduling/slots";
import { person, request } from "./helpers";

function run(req: SuggestRequest) {
  const parsed = parseSuggestRequest(req);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return suggestTimes(parsed.value);
}

describe("slot ranking and output shape", () => {
  const req = request({
    startDate: "2027-01-04", // Monday
    endDate: "2027-01-17", // two weeks
    dayStart: "09:00",
    dayEnd: "11:00",
    weekdays: ["tue", "mon"],
    participants: [
      person("c", "UTC", [
        ["mon", "09:00", "11:00"],
        ["tue", "10:00", "11:00"],
      ]),
      person("a", "UTC", [["mon", "09:00", "10:00"]], [["2027-01-11T00:00", "2027-01-12T00:00"]]),
      person("b", "UTC", [["tue", "09:00", "11:00"]], [["2027-01-12T09:00", "2027-01-12T10:00"]]),
    ],
  });

  it("ranks by available, then partial sum, then day, then start; sorts ids", () => {
    const response = run(req);
    expect(response.timezone).toBe("UTC");
    expect(response.slots).toEqual([
      { day: "tue", start: "10:00", occurrences: 2, available: ["b", "c"], partial: {}, facilitators: [] },
      { day: "mon", start: "09:00", occurrences: 2, available: ["c"], partial: { a: 1 }, facilitators: [] },
      { day: "mon", start: "10:00", occurrences: 2, available: ["c"], partial: {}, facilitators: [] },
      { day: "tue", start: "09:00", occurrences: 2, available: [], partial: { b: 1 }, facilitators: [] },
    ]);
    expect(response.slots.map((s) => `${s.day} ${s.start}`)).toEqual([
      "tue 10:00",
      "mon 09:00",
      "mon 10:00",
      "tue 09:00",
    ]);
  });

  it("breaks full ties by weekday (mon → sun) then start time", () => {
    const response = run(
      request({
        startDate: "2027-01-04",
        endDate: "2027-01-10",
        dayStart: "09:00",
        dayEnd: "11:00",
        weekdays: ["sun", "wed", "mon"],
      }),
    );
    expect(response.slots.map((s) => `${s.day} ${s.start}`)).toEqual([
      "mon 09:00",
      "mon 10:00",
      "wed 09:00",
      "wed 10:00",
      "sun 09:00",
      "sun 10:00",
    ]);
  });

  it("sorts id lists in code-point order (not UTF-16 order)", () => {
    const ids = ["b", "😀", "a", "\uFFFD", "B", "ä", "a1", "10", "9"];
    const response = run(
      request({
        dayStart: "09:00",
        dayEnd: "10:00",
        weekdays: ["mon"],
        sections: 1,
        capacity: 1,
        participants: ids.map((id) => person(id, "UTC", [["mon", "09:00", "10:00"]])),
      }),
    );
    const expected = ["10", "9", "B", "a", "a1", "b", "ä", "\uFFFD", "😀"];
    expect(response.slots[0].available).toEqual(expected);
    expect([...ids].sort(compareIds)).toEqual(expected);
    expect(response.unassigned).toEqual(expected.filter((id) => id !== response.cohorts[0].participants[0]));
  });

  it("applies limit to the slots only after forming cohorts from all of them", () => {
    const people = [
      person("a", "UTC", [["mon", "09:00", "10:00"]]),
      person("b", "UTC", [["mon", "09:00", "10:00"]]),
      person("c", "UTC", [["tue", "09:00", "10:00"]]),
    ];
    const full = run(request({ dayStart: "09:00", dayEnd: "10:00", sections: 2, capacity: 5, participants: people }));
    const limited = run(
      request({ dayStart: "09:00", dayEnd: "10:00", sections: 2, capacity: 5, participants: people, limit: 1 }),
    );
    expect(limited.slots).toEqual(full.slots.slice(0, 1));
    expect(limited.cohorts).toEqual(full.cohorts);
    expect(limited.cohorts).toEqual([
      { day: "mon", start: "09:00", facilitator: null, participants: ["a", "b"] },
      { day: "tue", start: "09:00", facilitator: null, participants: ["c"] },
    ]);
    expect(limited.unassigned).toEqual([]);
  });

  it("handles ids such as __proto__ in partial maps", () => {
    const response = run(
      request({
        startDate: "2027-01-04",
        endDate: "2027-01-11",
        dayStart: "09:00",
        dayEnd: "10:00",
        weekdays: ["mon"],
        participants: [
          person("__proto__", "UTC", [["mon", "09:00", "10:00"]], [["2027-01-11T00:00", "2027-01-12T00:00"]]),
        ],
      }),
    );
    expect(JSON.parse(JSON.stringify(response.slots[0].partial))).toEqual(JSON.parse('{"__proto__":1}'));
  });
});

describe("cohorts", () => {
  const monTue = (extra: Partial<SuggestRequest>) =>
    request({
      startDate: "2027-01-04",
      endDate: "2027-01-10",
      dayStart: "09:00",
      dayEnd: "11:00",
      weekdays: ["mon", "tue"],
      ...extra,
    });

  it("maximises placed participants rather than filling the most popular slot first", () => {
    // Slot mon 09:00 has everyone (4); a greedy fill of it (capacity 2) could take x and y,
    // who are the only ones for tue 09:00. The optimum places 4.
    const response = run(
      monTue({
        sections: 2,
        capacity: 2,
        participants: [
          person("x", "UTC", [
            ["mon", "09:00", "10:00"],
            ["tue", "09:00", "10:00"],
          ]),
          person("y", "UTC", [
            ["mon", "09:00", "10:00"],
            ["tue", "09:00", "10:00"],
          ]),
          person("p", "UTC", [["mon", "09:00", "10:00"]]),
          person("q", "UTC", [["mon", "09:00", "10:00"]]),
        ],
      }),
    );
    expect(response.cohorts.reduce((n, c) => n + c.participants.length, 0)).toBe(4);
    expect(response.cohorts).toEqual([
      { day: "mon", start: "09:00", facilitator: null, participants: ["p", "q"] },
      { day: "tue", start: "09:00", facilitator: null, participants: ["x", "y"] },
    ]);
    expect(response.unassigned).toEqual([]);
  });

  it("forms as many cohorts as it can among the maximum placements", () => {
    const everyone: Array<["mon" | "tue", string, string]> = [
      ["mon", "09:00", "10:00"],
      ["tue", "09:00", "10:00"],
    ];
    const response = run(
      monTue({
        sections: 2,
        capacity: 5,
        participants: [person("a", "UTC", everyone), person("b", "UTC", everyone), person("c", "UTC", everyone)],
      }),
    );
    expect(response.cohorts).toHaveLength(2);
    expect(response.cohorts.reduce((n, c) => n + c.participants.length, 0)).toBe(3);
    expect(response.unassigned).toEqual([]);
  });

  it("respects minParticipants and forms no cohort when none can reach it", () => {
    const response = run(
      monTue({
        sections: 2,
        capacity: 5,
        minParticipants: 3,
        participants: [
          person("a", "UTC", [["mon", "09:00", "10:00"]]),
          person("b", "UTC", [["mon", "09:00", "10:00"]]),
          person("c", "UTC", [["tue", "09:00", "10:00"]]),
        ],
      }),
    );
    expect(response.cohorts).toEqual([]);
    expect(response.unassigned).toEqual(["a", "b", "c"]);
  });

  it("splits people so that both cohorts reach minParticipants", () => {
    // All five can do mon 09:00 (capacity 3); d and e can also do tue 09:00 (minimum 2).
    // Placing all five needs a, b, c on Monday and both d and e on Tuesday.
    const response = run(
      monTue({
        sections: 2,
        capacity: 3,
        minParticipants: 2,
        participants: [
          person("a", "UTC", [["mon", "09:00", "10:00"]]),
          person("b", "UTC", [["mon", "09:00", "10:00"]]),
          person("c", "UTC", [["mon", "09:00", "10:00"]]),
          person("d", "UTC", [
            ["mon", "09:00", "10:00"],
            ["tue", "09:00", "10:00"],
          ]),
          person("e", "UTC", [
            ["mon", "09:00", "10:00"],
            ["tue", "09:00", "10:00"],
          ]),
        ],
      }),
    );
    expect(response.cohorts).toEqual([
      { day: "mon", start: "09:00", facilitator: null, participants: ["a", "b", "c"] },
      { day: "tue", start: "09:00", facilitator: null, participants: ["d", "e"] },
    ]);
  });

  it("gives every cohort a facilitator available for the slot; one person may lead non-overlapping cohorts", () => {
    const response = run(
      monTue({
        sections: 2,
        capacity: 1,
        participants: [
          person("a", "UTC", [["mon", "09:00", "10:00"]]),
          person("b", "UTC", [["tue", "09:00", "10:00"]]),
        ],
        facilitators: [
          person("f", "UTC", [
            ["mon", "09:00", "10:00"],
            ["tue", "09:00", "10:00"],
          ]),
        ],
      }),
    );
    expect(response.cohorts).toEqual([
      { day: "mon", start: "09:00", facilitator: "f", participants: ["a"] },
      { day: "tue", start: "09:00", facilitator: "f", participants: ["b"] },
    ]);
    expect(response.slots.find((s) => s.day === "mon" && s.start === "10:00")!.facilitators).toEqual([]);
  });

  it("does not let one facilitator lead two cohorts whose occurrences overlap", () => {
    const base = request({
      startDate: "2027-01-04",
      endDate: "2027-01-04",
      durationMinutes: 60,
      stepMinutes: 30,
      dayStart: "09:00",
      dayEnd: "10:30",
      sections: 2,
      capacity: 1,
      participants: [person("a", "UTC", [["mon", "09:00", "10:00"]]), person("b", "UTC", [["mon", "09:30", "10:30"]])],
    });
    const alone = run({ ...base, facilitators: [person("f", "UTC", [["mon", "09:00", "11:00"]])] });
    expect(alone.cohorts).toHaveLength(1);
    expect(alone.unassigned).toHaveLength(1);
    const two = run({
      ...base,
      facilitators: [person("f", "UTC", [["mon", "09:00", "11:00"]]), person("g", "UTC", [["mon", "09:30", "10:30"]])],
    });
    expect(two.cohorts).toEqual([
      { day: "mon", start: "09:00", facilitator: "f", participants: ["a"] },
      { day: "mon", start: "09:30", facilitator: "g", participants: ["b"] },
    ]);
  });

  it("uses facilitator null and no facilitator constraint when none are given", () => {
    const response = run(monTue({ participants: [person("a", "UTC", [["mon", "09:00", "10:00"]])], facilitators: [] }));
    expect(response.cohorts).toEqual([{ day: "mon", start: "09:00", facilitator: null, participants: ["a"] }]);
  });

  it("forms no cohort at a slot without an available facilitator", () => {
    const response = run(
      monTue({
        participants: [person("a", "UTC", [["mon", "09:00", "10:00"]])],
        facilitators: [person("f", "UTC", [["tue", "09:00", "10:00"]])],
      }),
    );
    expect(response.cohorts).toEqual([]);
    expect(response.unassigned).toEqual(["a"]);
  });

  it("reports exactness: always exact for sections ≤ 3, and for sections > 3 when the search finishes", () => {
    const slots = Array.from({ length: 8 }, (_, s) => ({
      available: [s, s + 1, s + 2].filter((p) => p < 10),
      facilitators: [],
      occurrenceStarts: [s * 1000],
      occurrenceEnds: [s * 1000 + 500],
    }));
    const three = formCohorts({
      participantCount: 10,
      slots,
      sections: 3,
      capacity: 3,
      minParticipants: 1,
      withFacilitators: false,
    });
    expect(three).toMatchObject({ placed: 9, exact: true });
    const six = formCohorts({
      participantCount: 10,
      slots,
      sections: 6,
      capacity: 2,
      minParticipants: 1,
      withFacilitators: false,
    });
    expect(six).toMatchObject({ placed: 10, exact: true });
    const starved = formCohorts({
      participantCount: 10,
      slots,
      sections: 6,
      capacity: 2,
      minParticipants: 1,
      withFacilitators: false,
      workBudget: 0,
    });
    expect(starved.placed).toBeGreaterThanOrEqual(Math.ceil(10 * (1 - 1 / Math.E)));
  });
});
