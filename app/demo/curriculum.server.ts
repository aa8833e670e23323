import { and, asc, eq, ne } from "drizzle-orm";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { curriculumMaterials, curriculumUnits, sessionUnits } from "~/db/tables/curriculum";
import { groupNotes } from "~/db/tables/records";
import { assignUnitsInOrder } from "~/modules/records/curriculum/mutations.server";
import { demoCertificatePdf } from "./competency.server";
import type { DemoContext } from "./context";

/** Budgeting Basics' twelve units (the service-records demo's notes speak of units 2, 3 and 4). */
const UNITS: { title: string; objectives: string; guidance: string }[] = [
  { title: "Welcome and money stories", objectives: "Meet the group; share one money habit you would like to change.", guidance: "Agree the group rules first. Keep stories short; nobody has to share numbers." },
  { title: "Where the money goes", objectives: "List last month's income and the five biggest costs.", guidance: "Bring spare worksheets; some people will not have bank statements with them." },
  { title: "Needs and wants", objectives: "Sort everyday purchases into needs and wants, and name one want to cut.", guidance: "The sorting game works best in pairs. Avoid judging anyone's choices." },
  { title: "Tracking spending", objectives: "Keep a week's spending diary and read it back.", guidance: "Show the paper diary and the phone option; offer both." },
  { title: "Bills and due dates", objectives: "Put every regular bill on one calendar with its due date.", guidance: "Have the utility hardship-programme leaflets ready." },
  { title: "Building a simple budget", objectives: "Write a one-page monthly budget that balances.", guidance: "Use the round-numbers method; precision comes later." },
  { title: "Banking basics", objectives: "Compare two low-cost accounts and their fees.", guidance: "" },
  { title: "Understanding credit", objectives: "Read a credit report and spot one thing to check.", guidance: "Free annual reports only; never ask people to show theirs." },
  { title: "Dealing with debt", objectives: "List debts by interest rate and choose which to pay first.", guidance: "Refer to the financial counselling partner for anything over a few thousand dollars." },
  { title: "Saving a small cushion", objectives: "Set a first savings target and where it will be kept.", guidance: "" },
  { title: "Spotting scams", objectives: "Recognise the three most common money scams.", guidance: "" },
  { title: "Your next-month plan", objectives: "Leave with a written plan for the next month.", guidance: "Hand out completion certificates at the end." },
];

/**
 * Curriculum demo (after the service-records demo): Budgeting Basics has a twelve-unit curriculum
 * with a worksheet link and a handout for participants and a facilitator script. Its sessions
 * carry the units in order from the first unit the notes speak of — the signed notes' sessions
 * ("Unit 3: Needs and wants", "Unit 4: Tracking spending") have those units, the latest session
 * (no note yet) the next one, so Fran's new note opens pre-filled — and the sessions still to come
 * follow; once the twelve units are used up the last sessions have none.
 */
export async function seedCurriculumDemo(ctx: DemoContext) {
  const groupId = ctx.groupIds["Budgeting Basics"];
  const org = ctx.organizationId;
  const fran = ctx.userIds["fran@riverside.example"];
  const units = await db
    .insert(curriculumUnits)
    .values(UNITS.map((u, i) => ({ organizationId: org, groupId, position: i + 1, durationMinutes: 90, ...u, createdAt: ctx.now, updatedAt: ctx.now })))
    .returning({ id: curriculumUnits.id, title: curriculumUnits.title, position: curriculumUnits.position });
  const byPosition = new Map(units.map((u) => [u.position, u.id]));
  await db.insert(curriculumMaterials).values([
    { organizationId: org, unitId: byPosition.get(2)!, kind: "link", title: "Monthly money worksheet", audience: "participants", url: "https://www.consumerfinance.gov/consumer-tools/educator-tools/your-money-your-goals/", addedBy: ctx.manager.id },
    { organizationId: org, unitId: byPosition.get(3)!, kind: "file", title: "Needs and wants cards", audience: "participants", fileName: "needs-and-wants-cards.pdf", contentType: "application/pdf", ...sized(demoCertificatePdf("Needs and wants: sorting cards")), addedBy: ctx.manager.id },
    { organizationId: org, unitId: byPosition.get(3)!, kind: "file", title: "Facilitator script: the sorting game", audience: "facilitators", fileName: "sorting-game-script.pdf", contentType: "application/pdf", ...sized(demoCertificatePdf("Facilitator script: the sorting game")), addedBy: ctx.manager.id },
    { organizationId: org, unitId: byPosition.get(4)!, kind: "file", title: "Spending diary", audience: "participants", fileName: "spending-diary.pdf", contentType: "application/pdf", ...sized(demoCertificatePdf("Spending diary: one week")), addedBy: ctx.manager.id },
  ]);

  // Sessions (not cancelled) in order; the curriculum starts so that each noted session has the unit its note names.
  const rows = await db
    .select({ id: sessions.id, topic: groupNotes.topic })
    .from(sessions)
    .leftJoin(groupNotes, eq(groupNotes.sessionId, sessions.id))
    .where(and(eq(sessions.groupId, groupId), ne(sessions.status, "cancelled")))
    .orderBy(asc(sessions.startsAt));
  const named = rows.map((r) => Number(/^Unit (\d+):/.exec(r.topic ?? "")?.[1] ?? 0));
  const firstNamed = named.findIndex((n) => n > 0);
  const start = firstNamed >= 0 ? firstNamed - (named[firstNamed] - 1) : 0;
  const values = rows.flatMap((r, i) => {
    const position = named[i] || i - start + 1;
    const unitId = position >= 1 ? byPosition.get(position) : undefined;
    return unitId ? [{ sessionId: r.id, organizationId: org, unitId, assignment: named[i] ? ("manual" as const) : ("auto" as const), assignedBy: named[i] ? fran : ctx.manager.id, assignedAt: ctx.now }] : [];
  });
  if (values.length) await db.insert(sessionUnits).values(values);
  // Sessions still to come follow the units chosen for the noted sessions.
  await db.transaction((tx) => assignUnitsInOrder(tx, { organizationId: org, groupId, actorId: ctx.manager.id, now: ctx.now }));
}

function sized(content: Buffer) {
  return { content, sizeBytes: content.byteLength };
}
