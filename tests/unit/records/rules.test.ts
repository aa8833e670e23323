import { describe, expect, it } from "vitest";
import { canReadGroupNote, canReadProgressNote, canWriteNotes, participantSeesOwnNotes } from "~/modules/records/policy";
import { reportCsv } from "~/modules/records/report";
import { attended, daysOverdue, noteOverdue, notesOpen, progressLabel } from "~/modules/records/rules";
import type { CurrentUser, Role } from "~/modules/auth/policy";

const user = (id: string, role: Role, organizationId = "org"): CurrentUser => ({
  id,
  role,
  organizationId,
  name: id,
  email: `${id}@x`,
  timezone: "UTC",
  locale: "en-US",
  organizationSlug: "o",
  organizationName: "O",
  sessionIdHash: "",
});
const ctx = { organizationId: "org", facilitatorIds: ["fran"], supervisorIds: ["sue"] };
const person = (facilitators: string[]) => ({ id: "pat", organizationId: "org", currentFacilitatorIds: facilitators });

describe("records rules", () => {
  it("a note is overdue from exactly 72 h after the session ends, unless signed", () => {
    const end = new Date("2027-03-02T20:00:00Z");
    expect(noteOverdue(end, null, new Date("2027-03-05T19:59:59Z"))).toBe(false);
    expect(noteOverdue(end, null, new Date("2027-03-05T20:00:00Z"))).toBe(true);
    expect(noteOverdue(end, new Date("2027-03-03T10:00:00Z"), new Date("2027-03-09T00:00:00Z"))).toBe(false);
  });

  it("notes open when the session starts, never for a cancelled one", () => {
    const startsAt = new Date("2027-03-02T19:00:00Z");
    expect(notesOpen({ startsAt, status: "scheduled" }, new Date("2027-03-02T18:59:00Z"))).toBe(false);
    expect(notesOpen({ startsAt, status: "scheduled" }, startsAt)).toBe(true);
    expect(notesOpen({ startsAt, status: "cancelled" }, new Date("2027-03-09T00:00:00Z"))).toBe(false);
  });

  it("present, late and left early count as attended; excused and absent do not", () => {
    expect(["present", "late", "left_early", "excused", "absent", null].map(attended)).toEqual([true, true, true, false, false, false]);
    expect(progressLabel(5)).toBe("Objective met");
    expect(progressLabel(null)).toBe("Not rated");
    expect(daysOverdue("2027-03-01", "2027-03-04")).toBe(3);
    expect(daysOverdue("2027-03-05", "2027-03-04")).toBe(0);
  });
});

describe("records policy", () => {
  it("the group note: its facilitators, their supervisors and managers of the organisation", () => {
    expect(canReadGroupNote(user("fran", "facilitator"), ctx)).toBe(true);
    expect(canReadGroupNote(user("sue", "facilitator"), ctx)).toBe(true);
    expect(canReadGroupNote(user("felix", "facilitator"), ctx)).toBe(false);
    expect(canReadGroupNote(user("m", "manager"), ctx)).toBe(true);
    expect(canReadGroupNote(user("m", "manager", "other"), ctx)).toBe(false);
    expect(canReadGroupNote(user("fran", "participant"), ctx)).toBe(false);
    expect(canWriteNotes(user("sue", "facilitator"), ctx)).toBe(false);
  });

  it("a progress note also needs the relationship rule; a participant sees their own only when enabled", () => {
    expect(canReadProgressNote(user("fran", "facilitator"), ctx, person(["fran"]))).toBe(true);
    expect(canReadProgressNote(user("fran", "facilitator"), ctx, person([]))).toBe(false);
    expect(canReadProgressNote(user("sue", "facilitator"), ctx, person(["fran"]))).toBe(false);
    expect(canReadProgressNote(user("m", "admin"), ctx, person([]))).toBe(true);
    // The group's supervisor who also leads another group the person attends: a relationship to the
    // person, and the group note by supervision — still not this group's progress notes.
    expect(canReadProgressNote(user("sue", "facilitator"), ctx, person(["sue"]))).toBe(false);
    expect(participantSeesOwnNotes(user("pat", "participant"), { participantsSeeProgressNotes: false })).toBe(false);
    expect(participantSeesOwnNotes(user("pat", "participant"), { participantsSeeProgressNotes: true })).toBe(true);
    expect(participantSeesOwnNotes(user("m", "manager"), { participantsSeeProgressNotes: true })).toBe(false);
  });
});

describe("records report CSV", () => {
  it("writes times in the viewer's zone and names it in the header", () => {
    const csv = reportCsv(
      "overdue",
      { overdue: [{ groupName: "Circle", startsAt: new Date("2027-03-02T23:00:00Z"), state: "draft", facilitators: "Fran", hoursOverdue: 5 }], incidents: [] },
      "America/New_York",
      "en-US",
      "2027-03-06",
    );
    expect(csv.header[1]).toBe("Session (America/New_York)");
    expect(csv.rows[0][1]).toMatch(/Mar 2, 2027.*6:00\sPM/);
    expect(csv.rows[0][2]).toBe("draft, not signed");
    expect(csv.filename).toBe("group-notes-overdue-2027-03-06.csv");
  });
});
