import { and, desc, eq, lt } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { organizations, sessions } from "~/db/schema";
import {
  competencyEvidence,
  competencyItems,
  competencyObservationRatings,
  competencyObservations,
  competencyRecords,
  competencySettings,
  competencySupervisionEntries,
  competencySupervisors,
} from "~/db/tables/competency";
import type { DemoContext } from "./context";
import { computeExpiry, todayInZone } from "~/modules/competency/expiry";
import { PEER_TRAINING_TOPIC_CODES } from "~/modules/competency/framework";
import { ensureStarterFramework } from "~/modules/competency/framework/mutations.server";

/** A small, valid one-page PDF saying what it is (the demo's uploaded certificate). */
export function demoCertificatePdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, "");
  const stream = `BT /F1 18 Tf 40 90 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 180] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/**
 * Competency demo: the starter framework, caseload limits, Felix supervised by Avery Admin, and
 * records so the matrix and the gate show something real — Fran fully current (nothing expiring
 * for months), Felix with Suicide risk training expiring in 20 days and Managing group dynamics
 * missing (so he cannot be assigned to lead another group until it is observed and verified).
 */
export async function seedCompetencyDemo(ctx: DemoContext): Promise<void> {
  const orgId = ctx.organizationId;
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
  const today = todayInZone(ctx.now, org.timezone);
  const day = (months: number, days = 0) => DateTime.fromISO(today, { zone: "UTC" }).plus({ months, days }).toISODate()!;
  const fran = ctx.userIds["fran@riverside.example"];
  const felix = ctx.userIds["felix@riverside.example"];
  const manager = ctx.userIds["manager@riverside.example"];
  const admin = ctx.userIds["admin@riverside.example"];

  await ensureStarterFramework(db, orgId);
  await db
    .update(competencySettings)
    .set({ maxGroupsPerFacilitator: 5, maxParticipantsPerFacilitator: 60 })
    .where(eq(competencySettings.organizationId, orgId));
  await db.insert(competencySupervisors).values({ organizationId: orgId, facilitatorId: felix, supervisorId: admin });

  const items = await db.select().from(competencyItems).where(eq(competencyItems.organizationId, orgId));
  const item = (code: string) => items.find((i) => i.code === code)!;

  const lastHeld = async (groupName: string) => {
    const [row] = await db
      .select({ id: sessions.id, startsAt: sessions.startsAt })
      .from(sessions)
      .where(and(eq(sessions.groupId, ctx.groupIds[groupName]), eq(sessions.status, "held"), lt(sessions.startsAt, ctx.now)))
      .orderBy(desc(sessions.startsAt))
      .limit(1);
    return row;
  };

  /** A verified record with one piece of evidence. */
  const verified = async (
    userId: string,
    code: string,
    achievedOn: string,
    verifier: string,
    evidence: { kind: "note"; note: string } | { kind: "upload"; fileName: string; content: Buffer } | { kind: "observation"; observationId: string; note: string },
  ) => {
    const it = item(code);
    const [record] = await db
      .insert(competencyRecords)
      .values({
        organizationId: orgId,
        userId,
        itemId: it.id,
        status: "verified",
        achievedOn,
        expiresOn: computeExpiry(achievedOn, it.validityMonths),
        assessedBy: verifier,
        assessedAt: ctx.now,
        verifiedBy: verifier,
        verifiedAt: ctx.now,
      })
      .returning({ id: competencyRecords.id });
    await db.insert(competencyEvidence).values({
      organizationId: orgId,
      recordId: record.id,
      kind: evidence.kind,
      note: "note" in evidence ? evidence.note : "",
      observationId: evidence.kind === "observation" ? evidence.observationId : null,
      fileName: evidence.kind === "upload" ? evidence.fileName : null,
      contentType: evidence.kind === "upload" ? "application/pdf" : null,
      sizeBytes: evidence.kind === "upload" ? evidence.content.byteLength : null,
      content: evidence.kind === "upload" ? evidence.content : null,
      addedBy: evidence.kind === "upload" ? userId : verifier,
    });
  };

  const observe = async (facilitatorId: string, observerId: string, groupName: string, ratings: [string, number, string][]) => {
    const session = await lastHeld(groupName);
    const [observation] = await db
      .insert(competencyObservations)
      .values({ organizationId: orgId, facilitatorId, observerId, sessionId: session.id, notes: `Observed the whole ${groupName} session.` })
      .returning({ id: competencyObservations.id });
    await db
      .insert(competencyObservationRatings)
      .values(ratings.map(([code, rating, note]) => ({ observationId: observation.id, itemId: item(code).id, organizationId: orgId, rating, note })));
    return { observationId: observation.id, day: todayInZone(session.startsAt, org.timezone) };
  };

  // Fran: observed leading Budgeting Basics, everything verified, nothing expiring for months.
  const franObs = await observe(fran, manager, "Budgeting Basics", [
    ["2.04-engage", 4, "Every member spoke in the first ten minutes."],
    ["2.04-dynamics", 3, "Calmly redirected a side conversation."],
    ["2.04-discussion", 4, "Summarised and linked contributions well."],
    ["2.04-activities", 3, "Clear instructions for the budgeting exercise."],
  ]);
  for (const code of ["2.04-engage", "2.04-dynamics", "2.04-discussion", "2.04-activities"]) {
    await verified(fran, code, franObs.day, manager, { kind: "observation", observationId: franObs.observationId, note: `Observed Budgeting Basics on ${franObs.day}.` });
  }
  await verified(fran, "2.03-referral", day(-5), manager, { kind: "note", note: "Agency referral procedures course, full day." });
  await verified(fran, "2.03-trauma", day(-6), manager, { kind: "note", note: "Trauma-informed practice, two-day course with the county." });
  await verified(fran, "2.03-suicide", day(-3), manager, { kind: "note", note: "Suicide risk recognition and response (QPR), renewed." });
  await verified(fran, "2.06-peer-cert", day(-4), manager, {
    kind: "upload",
    fileName: "fran-peer-specialist-certificate.pdf",
    content: demoCertificatePdf("Peer Specialist Certificate - Fran Facilitator"),
  });
  for (const code of PEER_TRAINING_TOPIC_CODES) {
    await verified(fran, code, day(-2), manager, { kind: "note", note: "County peer specialist training, five-day course (all five topics)." });
  }
  await verified(fran, "2.06-recovery-story", day(-3), manager, { kind: "note", note: "Discussed in supervision: shares her story briefly and only when it helps the member." });
  await verified(fran, "2.06-role-clarity", day(-3), manager, { kind: "note", note: "Discussed in supervision: clear on when to hand over to the clinical team." });

  // Felix: three 2.04 competencies observed in the peer circle; group dynamics not yet observed.
  const felixObs = await observe(felix, admin, "Tuesday Peer Recovery Circle", [
    ["2.04-engage", 3, "Warm welcome; invited newer members in."],
    ["2.04-discussion", 3, "Kept the check-in round moving."],
    ["2.04-activities", 4, "Ran the gratitude exercise well."],
  ]);
  for (const code of ["2.04-engage", "2.04-discussion", "2.04-activities"]) {
    await verified(felix, code, felixObs.day, admin, { kind: "observation", observationId: felixObs.observationId, note: `Observed the peer circle on ${felixObs.day}.` });
  }
  await verified(felix, "2.03-referral", day(-10), manager, { kind: "note", note: "Agency referral procedures course." });
  await verified(felix, "2.03-trauma", day(-9), manager, { kind: "note", note: "Trauma-informed practice course." });
  // Twelve-month validity, achieved a year ago less 20 days: expires in 20 days.
  await verified(felix, "2.03-suicide", day(-12, 20), manager, { kind: "note", note: "Suicide risk recognition and response (QPR)." });
  await verified(felix, "2.06-peer-cert", day(-8), manager, {
    kind: "upload",
    fileName: "felix-peer-specialist-certificate.pdf",
    content: demoCertificatePdf("Peer Specialist Certificate - Felix Facilitator"),
  });
  for (const code of PEER_TRAINING_TOPIC_CODES) {
    await verified(felix, code, day(-7), manager, { kind: "note", note: "County peer specialist training, five-day course (all five topics)." });
  }
  await verified(felix, "2.06-recovery-story", day(-6), manager, { kind: "note", note: "Discussed in supervision: ready to share his story in the circle." });
  await verified(felix, "2.06-role-clarity", day(-6), manager, { kind: "note", note: "Discussed in supervision: explains the peer role to new members." });

  // The 2.06 supervision log: Felix's supervisor (the admin) meets him monthly; Fran has the managers.
  await db.insert(competencySupervisionEntries).values([
    { organizationId: orgId, heldOn: day(-1, 3), supervisorId: admin, peerWorkerId: felix, minutes: 60, topics: "Sharing his recovery story in the circle: when it helps a member, and how much.", followUps: "Felix to read the agency's peer boundaries guide.", recordedBy: admin },
    { organizationId: orgId, heldOn: day(0, -12), supervisorId: admin, peerWorkerId: felix, minutes: 45, topics: "A member in crisis after the circle: what Felix did and when to hand over to the duty worker.", followUps: "", recordedBy: admin },
    { organizationId: orgId, heldOn: day(0, -20), supervisorId: manager, peerWorkerId: fran, minutes: 30, topics: "Role clarity in the family class: peer support or teaching.", followUps: "Fran to draft a short role statement for new members.", mentoring: true, recordedBy: manager },
  ]);
}
