import type postgres from "postgres";
import type { SpanishPage } from "./types";

const GROUP = "Budgeting Basics";
const PROGRAM = "Recovery & Life Skills";
/** The demo's group with an open scheduling round (app/demo/scheduling.server.ts). */
const PLANNED = "Wellness Workshop";
/** The demo's finished group, with a completed enrolment (app/demo/completion.server.ts). */
const FINISHED = "Budgeting Basics (autumn cohort)";
/** Pat's enrolment with a signed release and a letter sent under it. */
const CIRCLE = "Tuesday Peer Recovery Circle";

async function groupId(sql: postgres.Sql, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from groups where name = ${name}`;
  return row.id;
}

async function programId(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from programs where name = ${PROGRAM}`;
  return row.id;
}

/** The demo's round (the first of the group; other e2e files may add rounds that ask other people), which asks Sam. */
async function openRound(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select r.id from scheduling_rounds r join groups g on g.id = r.group_id
    join round_invitees ri on ri.round_id = r.id join users u on u.id = ri.user_id
    where g.name = ${PLANNED} and u.email = 'sam@riverside.example' order by r.created_at asc limit 1`;
  return row.id;
}

/** Lee Anderson's completed enrolment in the finished group (it has a discharge summary). */
async function leesEnrolment(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select e.id from enrolments e join groups g on g.id = e.group_id join users u on u.id = e.user_id
    where g.name = ${FINISHED} and u.email = 'lee@riverside.example' limit 1`;
  return row.id;
}

async function patsCircleEnrolment(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select e.id from enrolments e join groups g on g.id = e.group_id join users u on u.id = e.user_id
    where g.name = ${CIRCLE} and u.email = 'pat@riverside.example' limit 1`;
  return row.id;
}

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "fran", path: "/home", heading: "Hola, Fran Facilitator" },
  { as: "manager", path: "/home", heading: "Hola, Morgan Manager" },
  { as: "fran", path: async function groupPage(sql) { return `/groups/${await groupId(sql, GROUP)}`; }, heading: GROUP },
  { as: "manager", path: async function groupPageManager(sql) { return `/groups/${await groupId(sql, GROUP)}`; }, heading: GROUP },
  { as: "manager", path: async function waitlist(sql) { return `/groups/${await groupId(sql, GROUP)}/waitlist`; }, heading: `Lugares y lista de espera: ${GROUP}` },
  { as: "manager", path: "/programs", heading: "Programas" },
  { as: "manager", path: async function program(sql) { return `/programs/${await programId(sql)}`; }, heading: PROGRAM },
  { as: "manager", path: "/programs/new", heading: "Nuevo programa" },
  { as: "manager", path: async function newGroup(sql) { return `/programs/${await programId(sql)}/groups/new`; }, heading: `Nuevo grupo en ${PROGRAM}` },
  { as: "manager", path: async function editGroup(sql) { return `/groups/${await groupId(sql, GROUP)}/edit`; }, heading: `Editar ${GROUP}` },
  { as: "manager", path: async function newSeries(sql) { return `/groups/${await groupId(sql, GROUP)}/series/new`; }, heading: `Nueva serie semanal para ${GROUP}` },
  { as: "manager", path: async function rounds(sql) { return `/groups/${await groupId(sql, PLANNED)}/rounds`; }, heading: `Rondas de programación de ${PLANNED}` },
  { as: "manager", path: async function newRound(sql) { return `/groups/${await groupId(sql, PLANNED)}/rounds/new`; }, heading: `Nueva ronda de programación para ${PLANNED}` },
  { as: "manager", path: async function round(sql) { return `/rounds/${await openRound(sql)}`; }, heading: `¿Cuándo debería reunirse ${PLANNED}?`, allow: ["America/New York"] },
  { as: "manager", path: async function roundTable(sql) { return `/rounds/${await openRound(sql)}/table`; }, heading: `Horarios candidatos para ${PLANNED}` },
  { as: "manager", path: async function groupCompletion(sql) { return `/groups/${await groupId(sql, FINISHED)}/completion`; }, heading: `Finalización: ${FINISHED}` },
  { as: "fran", path: async function groupCompletionFacilitator(sql) { return `/groups/${await groupId(sql, GROUP)}/completion`; }, heading: `Finalización: ${GROUP}` },
  { as: "manager", path: async function programCompletion(sql) { return `/programs/${await programId(sql)}/completion`; }, heading: `Criterios para completar: ${PROGRAM}` },
  { as: "manager", path: async function dischargeSummary(sql) { return `/enrolments/${await leesEnrolment(sql)}/summary`; }, heading: "Resumen de egreso: Lee Anderson" },
  // Participants meet two of these pages too: their group's page, and a round that asks them.
  { as: "pat", path: async function participantGroupPage(sql) { return `/groups/${await groupId(sql, CIRCLE)}`; }, heading: CIRCLE },
  { as: "sam@riverside.example", path: async function participantRound(sql) { return `/rounds/${await openRound(sql)}`; }, heading: `¿Cuándo debería reunirse ${PLANNED}?`, allow: ["America/New York"] },
  { as: "sam@riverside.example", path: async function participantRoundTable(sql) { return `/rounds/${await openRound(sql)}/table`; }, heading: `Horarios candidatos para ${PLANNED}` },
  { as: "manager", path: async function letters(sql) { return `/enrolments/${await patsCircleEnrolment(sql)}/letters`; }, heading: "Cartas y autorizaciones: Pat Participant" },
];
