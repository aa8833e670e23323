import { describe, expect, it } from "vitest";
import { firstOverlap, overlaps } from "~/modules/groups/overlap";

const at = (iso: string, minutes: number, label = iso) => ({ label, startsAt: new Date(iso), endsAt: new Date(new Date(iso).getTime() + minutes * 60_000) });

describe("overlaps", () => {
  it("is true for any shared minute and false back to back (half-open times)", () => {
    const circle = at("2027-03-09T00:00:00Z", 60);
    expect(overlaps(circle, at("2027-03-09T00:59:00Z", 60))).toBe(true);
    expect(overlaps(circle, at("2027-03-08T23:01:00Z", 60))).toBe(true);
    expect(overlaps(circle, at("2027-03-08T23:30:00Z", 180))).toBe(true); // contains it
    expect(overlaps(circle, at("2027-03-09T00:15:00Z", 15))).toBe(true); // inside it
    expect(overlaps(circle, at("2027-03-09T01:00:00Z", 60))).toBe(false); // starts as it ends
    expect(overlaps(circle, at("2027-03-08T23:00:00Z", 60))).toBe(false); // ends as it starts
  });
});

describe("firstOverlap", () => {
  it("is null when either list is empty or nothing overlaps", () => {
    const weekly = [at("2027-03-02T15:00:00Z", 60), at("2027-03-09T15:00:00Z", 60)];
    expect(firstOverlap([], weekly)).toBeNull();
    expect(firstOverlap(weekly, [])).toBeNull();
    expect(firstOverlap(weekly, [at("2027-03-02T16:00:00Z", 60), at("2027-03-09T14:00:00Z", 60), at("2027-03-05T15:00:00Z", 60)])).toBeNull();
  });

  it("names the earliest existing session that overlaps, with the earliest proposed one it meets, whatever the lists' order", () => {
    const proposed = [at("2027-03-16T15:00:00Z", 60, "p16"), at("2027-03-02T15:00:00Z", 60, "p2"), at("2027-03-09T15:00:00Z", 60, "p9")];
    const existing = [at("2027-03-16T15:30:00Z", 60, "e16"), at("2027-03-09T14:30:00Z", 60, "e9"), at("2027-03-01T15:00:00Z", 60, "e1")];
    expect(firstOverlap(proposed, existing)).toMatchObject({ proposed: { label: "p9" }, existing: { label: "e9" } });
    // An existing session covering two proposed ones names the earlier of them.
    const long = at("2027-03-02T12:00:00Z", 10_080 + 240, "long");
    expect(firstOverlap(proposed, [long])).toMatchObject({ proposed: { label: "p2" }, existing: { label: "long" } });
  });

  it("finds an overlap with a long proposed interval that started before shorter later ones", () => {
    // Sorted by start: the long one (ends latest) comes first; the existing one starts after the
    // short ones end but before the long one does.
    const proposed = [at("2027-03-02T08:00:00Z", 600, "long"), at("2027-03-02T09:00:00Z", 30, "short")];
    expect(firstOverlap(proposed, [at("2027-03-02T16:00:00Z", 60, "late")])).toMatchObject({ proposed: { label: "long" }, existing: { label: "late" } });
    expect(firstOverlap(proposed, [at("2027-03-02T18:00:00Z", 60, "after")])).toBeNull();
  });

  it("agrees with comparing every pair (400 weekly sessions against 400 random ones)", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const start = Date.parse("2027-01-04T15:00:00Z");
    const weekly = Array.from({ length: 400 }, (_, i) => at(new Date(start + i * 7 * 86_400_000).toISOString(), 90, `w${i}`));
    for (let trial = 0; trial < 20; trial++) {
      const others = Array.from({ length: 400 }, (_, i) => at(new Date(start + Math.floor(random() * 400 * 7 * 24) * 3_600_000).toISOString(), 30 + Math.floor(random() * 120), `o${i}`));
      const pairs = others
        .filter((o) => weekly.some((w) => overlaps(w, o)))
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      const expected = pairs[0] ? { existing: pairs[0], proposed: weekly.find((w) => overlaps(w, pairs[0]))! } : null;
      expect(firstOverlap(weekly, others)).toEqual(expected);
    }
  });
});
