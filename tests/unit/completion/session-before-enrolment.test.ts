import { describe, expect, it } from "vitest";
import { sessionBeforeEnrolment } from "~/modules/completion/outcome";

// An enrolment starts on the day it was created in the group's zone (the start its letters and
// summary state). The roster's "Mark the rest absent" and completion's sessionsOf use this one rule.
const NY = "America/New_York";

describe("sessionBeforeEnrolment", () => {
  it("a session on an earlier day in the group's zone is before the enrolment; the same day is not", () => {
    const session = new Date("2030-03-05T23:00:00Z"); // 18:00 on 5 March in New York
    expect(sessionBeforeEnrolment(session, new Date("2030-03-06T14:00:00Z"), NY)).toBe(true);
    expect(sessionBeforeEnrolment(session, new Date("2030-03-06T02:00:00Z"), NY)).toBe(false); // 21:00 on 5 March in New York, 6 March in UTC
    expect(sessionBeforeEnrolment(session, new Date("2030-03-05T13:00:00Z"), NY)).toBe(false);
    expect(sessionBeforeEnrolment(session, new Date("2030-02-01T13:00:00Z"), NY)).toBe(false);
  });

  it("the day is the group's, not the server's: the same instants in Tokyo are a day apart", () => {
    // 08:00 on 6 March in Tokyo for the session, 23:00 UTC on 6 March = 08:00 on 7 March for the enrolment.
    expect(sessionBeforeEnrolment(new Date("2030-03-05T23:00:00Z"), new Date("2030-03-06T23:00:00Z"), "Asia/Tokyo")).toBe(true);
    expect(sessionBeforeEnrolment(new Date("2030-03-05T23:00:00Z"), new Date("2030-03-06T14:00:00Z"), "Asia/Tokyo")).toBe(false);
  });
});
