import { eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox } from "~/db/schema";
import { competencySupervisors } from "~/db/tables/competency";
import { groupNoteFlags } from "~/db/tables/records";
import { saveGroupNote } from "~/modules/records/mutations.server";
import { flagUnsignedNotes, notesDueSql } from "~/modules/records/jobs.server";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

const note = { topic: "Unit 1", activities: "Introductions", groupDynamics: "", followUps: "" };
let s: Scenario;
let supervisor: Person;

async function mailFor(sessionId: string) {
  return db.select({ to: emailOutbox.toAddress, subject: emailOutbox.subject }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `records:note-overdue:${sessionId}:%`));
}

beforeAll(async () => {
  s = await createOrgScenario();
  supervisor = await createPerson(s.org, "manager");
  await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: supervisor.id });
});

describe("unsigned group notes 72 h after a session", () => {
  it("flags a missing note once, to the facilitator and their supervisor, however often and in parallel the job runs", async () => {
    const now = new Date();
    const session = await createHeldSession(s, now, 73);
    await Promise.all([flagUnsignedNotes(now), flagUnsignedNotes(now)]);
    await flagUnsignedNotes(new Date(now.getTime() + 3_600_000));
    const mail = await mailFor(session.id);
    expect(mail.map((m) => m.to).sort()).toEqual([s.facilitator.email, supervisor.email].sort());
    expect(mail[0].subject).toMatch(/^Group note not signed: Circle/);
    expect(await db.select().from(groupNoteFlags).where(eq(groupNoteFlags.sessionId, session.id))).toHaveLength(1);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.subjectId, session.id))).toMatchObject([{ action: "group_note.overdue_flag" }]);
  });

  it("flags a draft note too, but never a signed one, one not yet 72 h old, or a session without attendance", async () => {
    const now = new Date();
    const draft = await createHeldSession(s, now, 80);
    const signed = await createHeldSession(s, now, 81);
    const young = await createHeldSession(s, now, 71);
    const empty = await createHeldSession(s, now, 75, { markAttendance: false });
    await saveGroupNote(s.facilitator, draft.id, note, now);
    await saveGroupNote(s.facilitator, signed.id, note, now, { sign: true });
    await flagUnsignedNotes(now);
    expect(await mailFor(draft.id)).toHaveLength(2);
    expect(await mailFor(signed.id)).toHaveLength(0);
    expect(await mailFor(young.id)).toHaveLength(0);
    expect(await mailFor(empty.id)).toHaveLength(0);
    // The young one is flagged when it crosses the line; signing later never un-sends, nor re-sends.
    await flagUnsignedNotes(new Date(now.getTime() + 2 * 3_600_000));
    expect(await mailFor(young.id)).toHaveLength(2);
    await saveGroupNote(s.facilitator, draft.id, note, now, { sign: true });
    await flagUnsignedNotes(new Date(now.getTime() + 3 * 3_600_000));
    expect(await mailFor(draft.id)).toHaveLength(2);
  });

  it("reads only the sessions that crossed the line recently, through the sessions.ends_at index, however long the history", async () => {
    const now = new Date();
    // 30,000 older sessions with attendance, outside the 3-day band.
    await db.execute(sql`
      insert into sessions (organization_id, group_id, starts_at, ends_at, status)
      select ${s.org.id}, ${s.group.id}, ${now.toISOString()}::timestamptz - (i || ' hours')::interval - interval '1 hour',
             ${now.toISOString()}::timestamptz - (i || ' hours')::interval, 'held'
      from generate_series(200, 30199) as i`);
    await db.execute(sql`
      insert into attendance_records (organization_id, session_id, group_id, user_id, status, source)
      select ${s.org.id}, id, group_id, ${s.participant.id}, 'present', 'roster' from sessions
      where group_id = ${s.group.id} and ends_at <= ${now.toISOString()}::timestamptz - interval '200 hours'`);
    await db.execute(sql`analyze sessions`);
    await db.execute(sql`analyze attendance_records`);
    const plan = JSON.stringify(await db.execute(sql`explain (format json) ${notesDueSql(now)}`));
    expect(plan).toContain("sessions_ends_at");
    const started = performance.now();
    const result = await flagUnsignedNotes(now);
    const ms = performance.now() - started;
    expect(result.flagged).toBe(0);
    console.info(`records-unsigned-notes over 30,000 past sessions: ${ms.toFixed(1)} ms, flagged ${result.flagged}`);
  });
});
