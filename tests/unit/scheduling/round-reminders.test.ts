import { describe, expect, it } from "vitest";
import { MAX_REMINDERS, planReminders, REMINDER_GAP_HOURS } from "~/modules/scheduling/round-reminders";

const now = new Date("2027-02-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe("who a round reminder goes to", () => {
  it("reminds only people who have not answered, not twice within the gap, and at most MAX_REMINDERS times", () => {
    const plan = planReminders(
      [
        { id: "answered", respondedAt: hoursAgo(5), remindedAt: null, reminders: 0 },
        { id: "never", respondedAt: null, remindedAt: null, reminders: 0 },
        { id: "recent", respondedAt: null, remindedAt: hoursAgo(3), reminders: 1 },
        { id: "edge", respondedAt: null, remindedAt: hoursAgo(REMINDER_GAP_HOURS), reminders: 1 },
        { id: "done", respondedAt: null, remindedAt: hoursAgo(100), reminders: MAX_REMINDERS },
        { id: "answered-after-reminder", respondedAt: hoursAgo(1), remindedAt: hoursAgo(30), reminders: 2 },
      ],
      now,
    );
    expect(plan.due).toEqual(["never", "edge"]);
    expect(plan.recentlyReminded).toEqual(["recent"]);
    expect(plan.exhausted).toEqual(["done"]);
    expect(plan.nextPossibleAt).toEqual(new Date(hoursAgo(3).getTime() + REMINDER_GAP_HOURS * 3_600_000));
  });

  it("gives the earliest next possible time among the recently reminded, and none when nobody waits", () => {
    const plan = planReminders(
      [
        { id: "a", respondedAt: null, remindedAt: hoursAgo(1), reminders: 1 },
        { id: "b", respondedAt: null, remindedAt: hoursAgo(20), reminders: 2 },
      ],
      now,
    );
    expect(plan.due).toEqual([]);
    expect(plan.nextPossibleAt).toEqual(new Date(now.getTime() + 4 * 3_600_000));
    expect(planReminders([], now)).toEqual({ due: [], recentlyReminded: [], exhausted: [], nextPossibleAt: null });
  });
});
