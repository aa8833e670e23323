import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groups } from "~/db/schema";
import { intakes } from "~/db/tables/registration";
import { concerns } from "~/db/tables/voice";
import * as evidenceCsv from "~/routes/evidence[.]csv";
import * as evidencePage from "~/routes/evidence._index";
import * as publicPage from "~/routes/o.$slug._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Issue 13: the person a concern is about must not see it anywhere — accreditation evidence
 * carries counts, dates and status of concerns, never their words; online meeting links never
 * reach the public page.
 */
let s: Scenario;
const SUMMARY = "Manager Morgan shouts at the front desk";
const BODY = "Every Tuesday the manager raises their voice at people waiting.";

beforeAll(async () => {
  s = await createOrgScenario();
  // An overdue concern about the manager who reads the evidence (no response after 5 days).
  await db.insert(concerns).values({
    organizationId: s.org.id,
    subject: "facilitator",
    facilitatorId: s.manager.id,
    submitterId: s.participant.id,
    anonymous: false,
    summary: SUMMARY,
    body: BODY,
    receivedAt: new Date(Date.now() - 20 * 86_400_000),
  });
});

describe("accreditation evidence and concerns", () => {
  it("the evidence page lists the overdue concern by date and status only, never its summary", async () => {
    const out = await callRoute(evidencePage, { path: "/evidence", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const text = JSON.stringify(out.data);
    expect(text).not.toContain(SUMMARY);
    expect(text).not.toContain("shouts");
    const concernsStd = (out.data as { standards: { code: string; gaps: { label: string; items: string[] }[] }[] }).standards.find((x) => x.code === "7.02")!;
    const overdue = concernsStd.gaps.find((g) => g.label.startsWith("Concerns without a response"))!;
    expect(overdue.items).toHaveLength(1);
    expect(overdue.items[0]).toMatch(/^Concern received \d{4}-\d{2}-\d{2}, received$/);
  });

  it("the evidence CSV carries no concern text either", async () => {
    const out = await callRoute(evidenceCsv, { path: "/evidence.csv", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const csv = String(out.data);
    expect(csv).toContain("PA-CSE 7.02");
    expect(csv).toMatch(/^"Notice \(42 CFR 2\.32\): /); // it names people of a peer recovery group
    expect(csv).not.toContain(SUMMARY);
    expect(csv).not.toContain(BODY);
  });

  it("viewing and downloading evidence that names people is recorded for each person named", async () => {
    // An unreviewed intake names the participant in the 3.02 gaps.
    const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    await db.insert(intakes).values({
      organizationId: s.org.id,
      enrolmentId: enrolment.id,
      groupId: s.group.id,
      userId: s.participant.id,
      preferredContact: "email",
      consentParticipation: true,
      consentRosterSharing: true,
    } as never);
    await callRoute(evidencePage, { path: "/evidence", cookie: s.manager.cookie });
    await callRoute(evidenceCsv, { path: "/evidence.csv", cookie: s.manager.cookie });
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["evidence.viewed", "evidence.exported"]));
  });
});

describe("the public organisation page", () => {
  it("says a group is online without giving its meeting link", async () => {
    await db.update(groups).set({ onlineUrl: "https://meet.example/secret-room-123", location: "" }).where(eq(groups.id, s.group.id));
    for (const cookie of [undefined, s.participant.cookie, s.manager.cookie]) {
      const out = await callRoute(publicPage, { path: `/o/${s.org.slug}`, params: { slug: s.org.slug }, cookie });
      expect(out.status).toBe(200);
      const text = JSON.stringify(out.data);
      expect(text).not.toContain("secret-room-123");
      expect((out.data as { groups: { id: string; online: boolean }[] }).groups.find((g) => g.id === s.group.id)?.online).toBe(true);
    }
  });
});
