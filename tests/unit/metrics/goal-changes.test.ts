import { describe, expect, it } from "vitest";
import { goalChanges, goalFieldsOf } from "~/modules/metrics/goal-changes";
import { goalEditSchema } from "~/modules/metrics/schema";

const PROGRAM = "0b9e3c1e-5d2a-4f8e-9a7b-1c2d3e4f5a6b";
const GOAL = "7f0c2b44-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

describe("goalFieldsOf", () => {
  it("stores the form's empty program and date as none, trims the title and lower-cases the program id", () => {
    expect(goalFieldsOf({ title: "  Keep a budget ", programId: "", targetDate: "" })).toEqual({ title: "Keep a budget", programId: null, targetDate: null });
    expect(goalFieldsOf({ title: "Keep a budget", programId: PROGRAM.toUpperCase(), targetDate: "2027-06-30" })).toEqual({
      title: "Keep a budget",
      programId: PROGRAM,
      targetDate: "2027-06-30",
    });
  });
});

describe("goalChanges", () => {
  const before = { title: "Keep a budget", programId: PROGRAM, targetDate: "2027-06-30" };

  it("names only the fields that differ, with their values before and after", () => {
    expect(goalChanges(before, { ...before, targetDate: "2027-07-31" })).toEqual({
      changed: ["targetDate"],
      before: { targetDate: "2027-06-30" },
      after: { targetDate: "2027-07-31" },
    });
    expect(goalChanges(before, { title: "Keep a weekly budget", programId: null, targetDate: null })).toEqual({
      changed: ["title", "programId", "targetDate"],
      before,
      after: { title: "Keep a weekly budget", programId: null, targetDate: null },
    });
  });

  it("finds nothing to change when the form repeats the goal", () => {
    expect(goalChanges(before, goalFieldsOf({ title: " Keep a budget", programId: PROGRAM.toUpperCase(), targetDate: "2027-06-30" }))).toEqual({
      changed: [],
      before: {},
      after: {},
    });
  });
});

describe("goalEditSchema", () => {
  it("validates the goal's fields as creating a goal does, and needs the goal", () => {
    const ok = goalEditSchema.safeParse({ goalId: GOAL, title: " Keep a budget ", programId: "", targetDate: "2027-06-30", objectives: "ignored" });
    expect(ok.success && ok.data).toEqual({ goalId: GOAL, title: "Keep a budget", programId: "", targetDate: "2027-06-30" });
    const bad = goalEditSchema.safeParse({ goalId: "junk", title: "", programId: "x", targetDate: "2027-02-30" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      goalId: "Choose a goal.",
      title: "Enter the goal.",
      programId: "Choose from the list.",
      targetDate: "Enter a date like 2027-06-30.",
    });
  });
});
