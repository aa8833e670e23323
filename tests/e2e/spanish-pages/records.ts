import type postgres from "postgres";
import type { SpanishPage } from "./types";

/** The latest Budgeting Basics session whose group note is signed (the demo's, with an addendum and an open incident). */
async function signedNoteSession(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id join group_notes n on n.session_id = s.id
    where g.name = 'Budgeting Basics' and n.signed_at is not null
    order by (select count(*) from incidents i where i.session_id = s.id) desc, s.starts_at desc limit 1`;
  return row.id;
}

async function signedGroupNote(sql: postgres.Sql) {
  return `/sessions/${await signedNoteSession(sql)}/notes`;
}

/** The demo's overdue draft group note (the form to finish and sign it). */
async function draftGroupNote(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id join group_notes n on n.session_id = s.id
    where g.name = 'Budgeting Basics' and n.signed_at is null order by s.starts_at limit 1`;
  return `/sessions/${row.id}/notes`;
}

/** A signed progress note (with its addendum where the demo wrote one). */
async function signedProgressNote(sql: postgres.Sql) {
  const [row] = await sql<{ session_id: string; participant_id: string }[]>`
    select p.session_id, p.participant_id from progress_notes p join groups g on g.id = p.group_id
    where g.name = 'Budgeting Basics' and p.signed_at is not null
    order by exists (select 1 from record_addenda a where a.note_id = p.id) desc, p.created_at desc limit 1`;
  return `/sessions/${row.session_id}/notes/${row.participant_id}`;
}

/** The progress-note form for someone who attended the session with the draft group note. */
async function progressNoteForm(sql: postgres.Sql) {
  const [row] = await sql<{ session_id: string; user_id: string }[]>`
    select a.session_id, a.user_id from attendance_records a join group_notes n on n.session_id = a.session_id
    join groups g on g.id = n.group_id
    where g.name = 'Budgeting Basics' and n.signed_at is null and a.status in ('present', 'late', 'left_early')
      and not exists (select 1 from progress_notes p where p.session_id = a.session_id and p.participant_id = a.user_id and p.signed_at is not null)
    order by a.user_id limit 1`;
  return `/sessions/${row.session_id}/notes/${row.user_id}`;
}

async function pat(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
  return row.id;
}

async function patPlan(sql: postgres.Sql) {
  return `/participants/${await pat(sql)}/plan`;
}
async function patGoals(sql: postgres.Sql) {
  return `/participants/${await pat(sql)}/goals`;
}
async function patPlanHistory(sql: postgres.Sql) {
  return `/participants/${await pat(sql)}/plan/history`;
}
async function patContacts(sql: postgres.Sql) {
  return `/participants/${await pat(sql)}/contacts`;
}
async function patSignedContact(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select c.id from individual_contacts c join users u on u.id = c.participant_id
    where u.email = 'pat@riverside.example' and c.signed_at is not null
    order by exists (select 1 from record_addenda a where a.note_id = c.id) desc limit 1`;
  return `/participants/${await pat(sql)}/contacts/${row.id}`;
}
async function patDraftContact(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select c.id from individual_contacts c join users u on u.id = c.participant_id
    where u.email = 'pat@riverside.example' and c.signed_at is null limit 1`;
  return `/participants/${await pat(sql)}/contacts/${row.id}`;
}

async function openIncident(sql: postgres.Sql) {
  // The demo's open incident, or (when another e2e file has closed it first) the first incident.
  const [row] = await sql<{ id: string }[]>`select id from incidents order by (status = 'open') desc, created_at limit 1`;
  return `/incidents/${row.id}`;
}

async function budgetingGroup(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select g.id from groups g where g.name = 'Budgeting Basics'
    order by (select count(*) from curriculum_units u where u.group_id = g.id) desc limit 1`;
  return row.id;
}
async function curriculum(sql: postgres.Sql) {
  return `/groups/${await budgetingGroup(sql)}/curriculum`;
}
async function curriculumUnit(sql: postgres.Sql) {
  const group = await budgetingGroup(sql);
  const [row] = await sql<{ id: string }[]>`
    select u.id from curriculum_units u where u.group_id = ${group} and u.archived_at is null
    order by (select count(*) from curriculum_materials m where m.unit_id = u.id) desc, u.position limit 1`;
  return `/groups/${group}/curriculum/${row.id}`;
}

/** The demo's own words on these pages (an objective, an incident, the Budgeting Basics units). */
const OBJECTIVE = ["Track spending for 4 weeks"];
const INCIDENT = ["A member became very distressed talking about debt and left the room; Fran follo"];
const UNITS = ["Welcome and money stories", "Where the money goes", "Needs and wants", "Bills and due dates", "Dealing with debt", "Your next-month plan"];

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "fran", path: signedGroupNote, heading: "Nota grupal: Budgeting Basics" },
  { as: "fran", path: draftGroupNote, heading: "Nota grupal: Budgeting Basics" },
  { as: "fran", path: signedProgressNote, heading: /^Nota de progreso: / },
  { as: "fran", path: progressNoteForm, heading: /^Nota de progreso: / },
  { as: "manager", path: patPlan, heading: /^Plan de servicios: Pat/, allow: OBJECTIVE },
  { as: "manager", path: patGoals, heading: /^Metas y resultados: Pat/, allow: OBJECTIVE },
  { as: "manager", path: patPlanHistory, heading: /^Historial del plan: Pat/ },
  { as: "fran", path: patContacts, heading: /^Contactos individuales: Pat/ },
  { as: "fran", path: patSignedContact, heading: /^Contacto con Pat/ },
  { as: "fran", path: patDraftContact, heading: /^Contacto con Pat/ },
  { as: "manager", path: "/incidents", heading: "Registro de incidentes", allow: INCIDENT },
  { as: "manager", path: "/incidents?status=all", heading: "Registro de incidentes", allow: INCIDENT },
  { as: "manager", path: openIncident, heading: /^Incidente: / },
  { as: "manager", path: curriculum, heading: "Currículo: Budgeting Basics", allow: UNITS },
  { as: "manager", path: curriculumUnit, heading: /./, allow: UNITS },
  { as: "fran", path: curriculum, heading: "Currículo: Budgeting Basics", allow: UNITS },
  { as: "fran", path: curriculumUnit, heading: /./, allow: UNITS },
  { as: "admin", path: "/admin/records", heading: "Configuración de los registros de servicio" },
];
