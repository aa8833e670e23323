import type postgres from "postgres";
import type { SpanishPage } from "./types";

const DROP_IN = "Open Door Drop-in";
const CIRCLE = "Tuesday Peer Recovery Circle";

/** The drop-in's session nearest to now (the demo starts one a few minutes after it is seeded). */
async function todaysDropIn(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = ${DROP_IN} and s.status <> 'cancelled'
    order by abs(extract(epoch from s.starts_at - now())) limit 1`;
  return row.id;
}

/** The circle's latest held session: marks, apologies and a history to show (and a Part 2 group). */
async function lastCircle(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = ${CIRCLE} and s.status = 'held' order by s.starts_at desc limit 1`;
  return row.id;
}

async function groupId(sql: postgres.Sql, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from groups where name = ${name}`;
  return row.id;
}

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "fran", path: async function roster(sql) { return `/sessions/${await todaysDropIn(sql)}/roster`; }, heading: `Lista de asistencia: ${DROP_IN}` },
  { as: "manager", path: async function pastRoster(sql) { return `/sessions/${await lastCircle(sql)}/roster`; }, heading: `Lista de asistencia: ${CIRCLE}` },
  { as: "fran", path: "/attendance", heading: "Asistencia" },
  { as: "manager", path: "/attendance", heading: "Asistencia" },
  { as: "fran", path: async function checkin(sql) { return `/sessions/${await todaysDropIn(sql)}/checkin`; }, heading: `Registro de llegada: ${DROP_IN}` },
  { as: "fran", path: async function sheet(sql) { return `/sessions/${await todaysDropIn(sql)}/sheet`; }, heading: `${DROP_IN}: hoja de asistencia` },
  { as: "manager", path: async function partTwoSheet(sql) { return `/sessions/${await lastCircle(sql)}/sheet`; }, heading: `${CIRCLE}: hoja de asistencia` },
  { as: "fran", path: async function paper(sql) { return `/sessions/${await todaysDropIn(sql)}/paper`; }, heading: `Ingresar la hoja en papel: ${DROP_IN}` },
  { as: "fran", path: async function plan(sql) { return `/sessions/${await todaysDropIn(sql)}/plan`; }, heading: `Plan de la sesión: ${DROP_IN}` },
  { as: "manager", path: async function change(sql) { return `/sessions/${await todaysDropIn(sql)}`; }, heading: `Cambiar una sesión de ${DROP_IN}` },
  { as: "manager", path: async function groupSettings(sql) { return `/groups/${await groupId(sql, DROP_IN)}/attendance`; }, heading: `Asistencia: ${DROP_IN}` },
  { as: "fran", path: async function groupAttendance(sql) { return `/groups/${await groupId(sql, DROP_IN)}/attendance`; }, heading: `Asistencia: ${DROP_IN}` },
];
