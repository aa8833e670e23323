import { describe, expect, it } from "vitest";
import { localSlot, matchesCatalogueFilter, readCatalogueFilter, seatsLabel, timeOfDay } from "~/modules/registration/catalogue";
import { catalogueFilterSchema, intakeSchema } from "~/modules/registration/schema";

const none = catalogueFilterSchema.parse({});
// Tuesday 19:00 in New York (EST) = Wednesday 05:30 in Kolkata.
const tuesdayEvening = new Date("2027-03-02T19:00:00-05:00");
const PROGRAM = "6f1c2b7e-0000-4000-8000-000000000001";
const group = { kind: "peer_recovery_group", programId: PROGRAM, location: "Room 1", online: false, language: "en", seatsLeft: 2, upcoming: [tuesdayEvening] };

describe("catalogue filters in the viewer's zone", () => {
  it("classifies the time of day", () => {
    expect([timeOfDay(0), timeOfDay(11), timeOfDay(12), timeOfDay(16), timeOfDay(17), timeOfDay(23)]).toEqual([
      "morning",
      "morning",
      "afternoon",
      "afternoon",
      "evening",
      "evening",
    ]);
  });

  it("judges day and time in the viewer's zone, not the group's or the machine's", () => {
    expect(localSlot(tuesdayEvening, "America/New_York")).toEqual({ day: "tue", time: "evening" });
    expect(localSlot(tuesdayEvening, "Asia/Kolkata")).toEqual({ day: "wed", time: "morning" });
    expect(matchesCatalogueFilter(group, { ...none, day: "tue", time: "evening" }, "America/New_York")).toBe(true);
    expect(matchesCatalogueFilter(group, { ...none, day: "tue" }, "Asia/Kolkata")).toBe(false);
    expect(matchesCatalogueFilter(group, { ...none, day: "wed", time: "morning" }, "Asia/Kolkata")).toBe(true);
  });

  it("needs day and time to hold for the same session", () => {
    const two = { ...group, upcoming: [tuesdayEvening, new Date("2027-03-04T10:00:00-05:00")] }; // Thu morning
    expect(matchesCatalogueFilter(two, { ...none, day: "tue", time: "morning" }, "America/New_York")).toBe(false);
    expect(matchesCatalogueFilter(two, { ...none, day: "thu", time: "morning" }, "America/New_York")).toBe(true);
  });

  it("filters by kind, in person / online and language", () => {
    expect(matchesCatalogueFilter(group, { ...none, kind: "class" }, "UTC")).toBe(false);
    expect(matchesCatalogueFilter(group, { ...none, mode: "online" }, "UTC")).toBe(false);
    expect(matchesCatalogueFilter(group, { ...none, mode: "in_person" }, "UTC")).toBe(true);
    expect(matchesCatalogueFilter(group, { ...none, language: "EN" }, "UTC")).toBe(true);
    expect(matchesCatalogueFilter(group, { ...none, language: "es" }, "UTC")).toBe(false);
  });

  it("a group without upcoming sessions does not match a day filter", () => {
    expect(matchesCatalogueFilter({ ...group, upcoming: [] }, { ...none, day: "tue" }, "UTC")).toBe(false);
  });

  it("ignores junk filter values instead of failing", () => {
    expect(catalogueFilterSchema.parse({ kind: "nonsense", day: "funday", time: "noon", mode: "x", program: "1; drop table", seats: "all" })).toEqual({
      kind: "",
      program: "",
      day: "",
      time: "",
      mode: "",
      seats: "",
      language: "",
    });
  });

  it("filters by program and by open seats", () => {
    expect(matchesCatalogueFilter(group, { ...none, program: PROGRAM }, "UTC")).toBe(true);
    expect(matchesCatalogueFilter(group, { ...none, program: "6f1c2b7e-0000-4000-8000-000000000002" }, "UTC")).toBe(false);
    expect(matchesCatalogueFilter(group, { ...none, seats: "open" }, "UTC")).toBe(true);
    expect(matchesCatalogueFilter({ ...group, seatsLeft: 0 }, { ...none, seats: "open" }, "UTC")).toBe(false);
    expect(matchesCatalogueFilter({ ...group, online: true, location: "" }, { ...none, mode: "online" }, "UTC")).toBe(true);
    expect(matchesCatalogueFilter({ ...group, online: true, location: "" }, { ...none, mode: "in_person" }, "UTC")).toBe(false);
  });

  it("reads a shared address and names what it ignored", () => {
    const ok = readCatalogueFilter(new URLSearchParams(`program=${PROGRAM}&day=tue&time=evening&mode=online&seats=open`));
    expect(ok).toEqual({ filter: { ...none, program: PROGRAM, day: "tue", time: "evening", mode: "online", seats: "open" }, ignored: [] });
    const junk = readCatalogueFilter(new URLSearchParams("day=funday&time=evening&seats=lots&utm_source=x&day=mon"));
    expect(junk.filter).toEqual({ ...none, time: "evening" });
    expect(junk.ignored).toEqual([
      "Choose one day: we used the first of 2.",
      'We ignored the day in the address: it is not one of the choices.',
      'We ignored the open seats in the address: it is not one of the choices.',
      'We ignored 1 part of the address that is not a filter.',
    ]);
    // Empty values are "any", not junk.
    expect(readCatalogueFilter(new URLSearchParams("day=&time=&program="))).toEqual({ filter: none, ignored: [] });
  });

  it("never repeats a value or a name from the address (the page is the organisation's, not the link author's)", () => {
    const crafted = readCatalogueFilter(new URLSearchParams("day=Call 555-0199 for your new group&Call_555-0199=now&seats=Visit evil.example"));
    expect(crafted.ignored).toEqual([
      "We ignored the day in the address: it is not one of the choices.",
      "We ignored the open seats in the address: it is not one of the choices.",
      "We ignored 1 part of the address that is not a filter.",
    ]);
    expect(crafted.ignored.join(" ")).not.toMatch(/555|evil/);
    expect(readCatalogueFilter(new URLSearchParams("a=1&b=2&c=3")).ignored).toEqual(["We ignored 3 parts of the address that are not filters."]);
  });

  it("labels seats left or the waitlist", () => {
    expect(seatsLabel(8, 6, 0)).toEqual({ seatsLeft: 2, label: "2 seats left" });
    expect(seatsLabel(8, 7, 0).label).toBe("1 seat left");
    expect(seatsLabel(8, 8, 0)).toEqual({ seatsLeft: 0, label: "Full: waitlist open" });
    expect(seatsLabel(8, 8, 3).label).toBe("Full: waitlist (3 waiting)");
  });
});

describe("intake answers", () => {
  const base = { urgent: "no", preferredContact: "email", language: "English", consentParticipation: "yes" };

  it("treats a crisis answer as urgent", () => {
    const parsed = intakeSchema.parse({ ...base, needAreas: ["crisis", "housing"] });
    expect(parsed.crisis).toBe(true);
    expect(parsed.urgent).toBe(true);
  });

  it("requires consent to take part, a phone for calls and texts, and detail for 'other'", () => {
    const result = intakeSchema.safeParse({ ...base, consentParticipation: undefined, preferredContact: "text", needAreas: ["other"] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["consentParticipation", "phone", "otherNeed"]));
  });

  it("rejects unknown need areas", () => {
    expect(intakeSchema.safeParse({ ...base, needAreas: ["astrology"] }).success).toBe(false);
  });
});

describe("crisis steps", async () => {
  const { crisisSteps } = await import("~/modules/registration/crisis");
  it("makes each line a step with a callable number", () => {
    const steps = crisisSteps("If you are in immediate danger, call 911.\nCall or text 988 (Suicide & Crisis Lifeline).\nText HOME to 741741.\nOur duty worker: (555) 010-2000\n\nBe kind to yourself.");
    expect(steps.map((s) => s.tel)).toEqual(["911", "988", "741741", "5550102000", null]);
    expect(steps.map((s) => s.sms)).toEqual([false, false, true, false, false]);
  });
});
