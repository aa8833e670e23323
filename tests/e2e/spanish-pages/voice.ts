import { createHash } from "node:crypto";
import type postgres from "postgres";
import type { SpanishPage } from "./types";

/** The demo's proposals and concerns (app/demo/voice.server.ts): people's own words, not the app's. */
const DECIDED = "Phones on silent during the circle";
const OPEN = "Start each circle with a 5-minute check-in round";
const NAMED_CONCERN = "The community room is too cold";
const ANONYMOUS_CONCERN = "Felt rushed and not listened to";

const CLOSED = "Move the circle to 18:30";
/**
 * What the demo's "you said, we did" entries, rules versions and feedback questions say; the last
 * change is the one tests/e2e/voice.test.ts publishes when it runs first against the same database.
 */
const CHANGES = ["Phones going off interrupted people sharing.", "The community room was too cold.", "19:00 was too late for people who work early."];
const RULES = ["First rules, agreed at the opening session.", "Added rule 4 on phones.", "Program rules published.", DECIDED];
const QUESTIONS = ["I felt heard", "The session was useful to me", "I felt safe in the group"];
/** The demo's resource directory (app/demo/registration.server.ts). */
const SERVICES = [
  "Springfield Legal Aid",
  "Riverbend Community Health Center",
  "Harbor Behavioral Health",
  "New Dawn Recovery Services",
  "988 Suicide & Crisis Lifeline",
  "Springfield Mobile Crisis Team",
  "Second Chance Housing Partnership",
  "Springfield Adult Learning Center",
  "WorkSource Springfield",
  "Open Table Food Pantry",
  "Smile Bright Dental School Clinic",
  "Family Justice Center",
];

const proposal = (title: string) => async (sql: postgres.Sql) => {
  const [row] = await sql<{ id: string }[]>`select id from proposals where title = ${title} limit 1`;
  return `/proposals/${row.id}`;
};

const concern = async (sql: postgres.Sql) => {
  const [row] = await sql<{ id: string }[]>`select id from concerns where summary = ${NAMED_CONCERN} limit 1`;
  return `/concerns/${row.id}`;
};

/**
 * The demo's anonymous concern has no known private link (only a hash of an unknown token is
 * stored), so the walk gives it one: a token of its own, stored as the app stores it (sha256, hex).
 */
const followUp = async (sql: postgres.Sql) => {
  const token = "spanishWalkFollowUpToken0123456789abcdefABCDEF";
  const hash = createHash("sha256").update(token).digest("hex");
  await sql`update concerns set follow_up_token_hash = ${hash} where summary = ${ANONYMOUS_CONCERN}`;
  return `/concerns/follow-up/${token}`;
};

const circle = async (sql: postgres.Sql) => {
  const [row] = await sql<{ id: string; program_id: string }[]>`select id, program_id from groups where name = 'Tuesday Peer Recovery Circle' limit 1`;
  return row;
};

const urgentIntake = async (sql: postgres.Sql) => {
  const [row] = await sql<{ enrolment_id: string }[]>`
    select i.enrolment_id from intakes i join users u on u.id = i.user_id where u.email = 'frankie@riverside.example' limit 1`;
  return `/intake/${row.enrolment_id}`;
};

const legalAid = async (sql: postgres.Sql) => {
  const [row] = await sql<{ id: string }[]>`select id from resources where name = 'Springfield Legal Aid' limit 1`;
  return `/directory/${row.id}`;
};

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  // Participants: proposals, "you said, we did", concerns, rules.
  { as: "pat", path: "/proposals", heading: "Propuestas y decisiones", allow: [DECIDED, OPEN, CLOSED] },
  { as: "pat", path: proposal(OPEN), heading: OPEN, allow: [OPEN] },
  { as: "pat", path: proposal(DECIDED), heading: DECIDED, allow: [DECIDED] },
  { as: "pat", path: "/proposals/new", heading: "Hacer una propuesta" },
  { as: "pat", path: "/changes", heading: "Ustedes dijeron, nosotros hicimos", allow: CHANGES },
  { as: "pat", path: "/concerns", heading: "Quejas y reclamos" },
  { as: "pat", path: async (sql) => `/groups/${(await circle(sql)).id}/rules`, heading: /^Normas de /, allow: RULES },
  { as: "pat", path: followUp, heading: ANONYMOUS_CONCERN, allow: [ANONYMOUS_CONCERN] },
  // Staff: concern handling, decisions, publishing changes and rules, feedback reports and settings.
  { as: "manager", path: "/concerns", heading: "Quejas y reclamos" },
  { as: "manager", path: concern, heading: NAMED_CONCERN, allow: [NAMED_CONCERN] },
  { as: "manager", path: proposal(CLOSED), heading: CLOSED, allow: [CLOSED] },
  { as: "manager", path: "/changes", heading: "Ustedes dijeron, nosotros hicimos", allow: CHANGES },
  { as: "manager", path: async (sql) => `/programs/${(await circle(sql)).program_id}/rules`, heading: /^Normas de /, allow: RULES },
  { as: "manager", path: async (sql) => `/groups/${(await circle(sql)).id}/rules`, heading: /^Normas de /, allow: RULES },
  { as: "manager", path: "/feedback/reports", heading: "Opiniones sobre las sesiones", allow: QUESTIONS },
  { as: "manager", path: "/feedback/settings", heading: "Ajustes de opiniones y quejas" },
  // Intake, referrals and the resource directory.
  { as: "manager", path: "/intake?show=all", heading: "Admisiones pendientes" },
  { as: "manager", path: urgentIntake, heading: /^Admisión: / },
  { as: "manager", path: "/referrals?view=all", heading: "Derivaciones", allow: SERVICES },
  { as: "fran", path: "/referrals", heading: "Derivaciones", allow: SERVICES },
  { as: "manager", path: "/referrals/new", heading: "Registrar una derivación" },
  { as: "manager", path: "/directory", heading: "Directorio de recursos", allow: SERVICES },
  { as: "manager", path: legalAid, heading: "Springfield Legal Aid", allow: SERVICES },
  { as: "manager", path: "/directory/new", heading: "Añadir un servicio al directorio" },
  { as: "manager", path: "/directory/import", heading: "Importar el directorio desde un CSV" },
];
