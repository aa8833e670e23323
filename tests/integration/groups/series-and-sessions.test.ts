import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, sessions } from "~/db/schema";
import * as seriesNew from "~/routes/groups.$groupId.series.new";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import * as groupNew from "~/routes/programs.$programId.groups.new";
import { createOrgScenario, FIXED_SERIES_START } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

describe("weekly series by hand", () => {
  it("materialises sessions at the same local time across the DST change, in the group's zone", async () => {
    const s = await createOrgScenario({ groupZone: "Europe/London" });
    const out = await callRoute(seriesNew, {
      path: `/groups/${s.group.id}/series/new`,
      params: { groupId: s.group.id },
      cookie: s.manager.cookie,
      form: {
        "weekdays[]": ["mon"],
        startTime: "18:30",
        durationMinutes: "90",
        startDate: "2027-03-15",
        endDate: "",
        count: "4",
        skipDates: "2027-03-22",
      },
    });
    expect(out.status).toBe(302);
    const rows = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.groupId, s.group.id), eq(sessions.seriesId, sessions.seriesId)))
      .orderBy(asc(sessions.startsAt));
    const created = rows.filter((r) => r.startsAt.toISOString() >= "2027-03-15" && r.startsAt.getUTCDay() === 1);
    expect(created.map((r) => r.startsAt.toISOString())).toEqual([
      "2027-03-15T18:30:00.000Z",
      "2027-03-29T17:30:00.000Z",
      "2027-04-05T17:30:00.000Z",
      "2027-04-12T17:30:00.000Z",
    ]);
    expect(created.every((r) => r.endsAt.getTime() - r.startsAt.getTime() === 90 * 60_000)).toBe(true);
  });

  it("shows every problem and saves nothing on bad input", async () => {
    const s = await createOrgScenario();
    const before = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id));
    const out = await callRoute(seriesNew, {
      path: `/groups/${s.group.id}/series/new`,
      params: { groupId: s.group.id },
      cookie: s.manager.cookie,
      form: { startTime: "25:00", durationMinutes: "2", startDate: "2027-02-30", endDate: "", count: "" },
    });
    expect(out.status).toBe(400);
    const errors = (out.data as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["durationMinutes", "startDate", "startTime", "weekdays"]);
    const after = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id));
    expect(after.length).toBe(before.length);
  });

  it("refuses a group whose facilitator belongs to another organisation", async () => {
    const s = await createOrgScenario();
    const other = await createOrgScenario();
    const out = await callRoute(groupNew, {
      path: `/programs/${s.program.id}/groups/new`,
      params: { programId: s.program.id },
      cookie: s.manager.cookie,
      form: { name: "G", kind: "class", timezone: "America/New_York", capacity: "5", location: "Here", language: "en", "facilitatorIds[]": [other.facilitator.id] },
    });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.facilitatorIds[0]).toMatch(/your organisation/);
  });
});

describe("changing one session", () => {
  it("cancels with a reason, raises SEQUENCE, audits and emails enrolled participants and facilitators", async () => {
    // The emails' exact wording is checked for Tuesday 2 March 2027 (winter in all three zones).
    const s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    const out = await callRoute(sessionPage, {
      path: `/sessions/${first.id}`,
      params: { sessionId: first.id },
      cookie: s.manager.cookie,
      form: { intent: "cancel", reason: "Room flooded" },
    });
    expect(out.status).toBe(302);
    const [after] = await db.select().from(sessions).where(eq(sessions.id, first.id));
    expect(after.status).toBe("cancelled");
    expect(after.sequence).toBe(first.sequence + 1);
    const mails = await db.select().from(emailOutbox);
    expect(mails.map((m) => m.toAddress).sort()).toEqual([s.facilitator.email, s.otherParticipant.email, s.participant.email].sort());
    const london = mails.find((m) => m.toAddress === s.participant.email)!;
    // 19:00 New York on 2 March 2027 is midnight in London; the email speaks the recipient's zone.
    expect(london.textBody).toContain("Wed 3 Mar 2027, 00:00 GMT");
    // Each email is written in its recipient's date and time style: the London participant reads
    // 24-hour times, the Kolkata participant and the New York facilitator the US style.
    const kolkata = mails.find((m) => m.toAddress === s.otherParticipant.email)!;
    expect(kolkata.textBody).toContain("Wed, Mar 3, 2027, 5:30 AM GMT+5:30");
    const facilitator = mails.find((m) => m.toAddress === s.facilitator.email)!;
    expect(facilitator.textBody).toContain("Tue, Mar 2, 2027, 7:00 PM EST");
    expect(facilitator.textBody).not.toMatch(/19:00/);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "session.cancel"));
    expect(audit.reason).toBe("Room flooded");
    expect(audit.actorUserId).toBe(s.manager.id);
  });

  it("moves a session to a new local time in the group's zone", async () => {
    const s = await createOrgScenario();
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    const out = await callRoute(sessionPage, {
      path: `/sessions/${first.id}`,
      params: { sessionId: first.id },
      cookie: s.manager.cookie,
      form: { intent: "move", date: "2027-03-14", startTime: "02:30", durationMinutes: "60", locationOverride: "Hall B", note: "" },
    });
    expect(out.status).toBe(302);
    const [after] = await db.select().from(sessions).where(eq(sessions.id, first.id));
    expect(after.startsAt.toISOString()).toBe("2027-03-14T07:30:00.000Z"); // the gap moves 02:30 → 03:30 EDT
    expect(after.locationOverride).toBe("Hall B");
    expect(after.sequence).toBe(1);
  });
});
