import type postgres from "postgres";
import type { SpanishPage } from "./types";

/** Pat's group with the most sessions (its page lists coming and earlier sessions). */
async function patsGroup(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select g.id from groups g join enrolments e on e.group_id = g.id join users u on u.id = e.user_id
    where u.email = 'pat@riverside.example' and e.status = 'enrolled'
    order by (select count(*) from sessions s where s.group_id = g.id) desc, g.name limit 1`;
  return `/my/groups/${row.id}`;
}

/** Pat's demographics page as the manager sees it (answers, payer and Medicaid ID). */
async function patsDemographics(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
  return `/participants/${row.id}/demographics`;
}

/** Lee's discharge summary (Lee completed Budgeting Basics in the demo). */
async function leesSummary(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select o.enrolment_id as id from enrolment_outcomes o join users u on u.id = o.user_id
    where u.email = 'lee@riverside.example' and o.undone_at is null limit 1`;
  return `/enrolments/${row.id}/summary`;
}

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "pat", path: patsGroup, heading: "Budgeting Basics" },
  { as: "pat", path: "/availability", heading: "Mi disponibilidad" },
  { as: "pat", path: "/my/goals", heading: "Mis metas" },
  { as: "pat", path: "/my/notes", heading: "Mis notas de avance" },
  { as: "pat", path: "/my/releases", heading: "Mis autorizaciones para compartir información" },
  { as: "pat", path: "/my/demographics", heading: "Sobre mí" },
  { as: "manager", path: patsDemographics, heading: "Datos demográficos de Pat Participant" },
  { as: "pat", path: "/checkin", heading: "Registrar su llegada a la sesión" },
  { as: "casey@riverside.example", path: "/c/ZZZZZZ", heading: "No se pudo registrar su llegada" },
  { as: "pat", path: "/profile", heading: "Su perfil" },
  { as: "casey@riverside.example", path: "/availability", heading: "Mi disponibilidad" },
  { as: "manager", path: "/organizations", heading: "Sus organizaciones" },
  { as: "pat", path: "/invite/no-such-invitation", heading: "Esta invitación ya no funciona" },
  { as: "pat", path: "/verify", heading: "Comprobar un certificado de finalización" },
  { as: "pat", path: "/verify/NO-SUCH-CODE", heading: "Comprobar un certificado de finalización" },
  { as: "lee@riverside.example", path: leesSummary, heading: "Resumen de egreso: Lee Anderson" },
  { as: "pat", path: "/no-such-page", heading: "No encontramos esa página" },
];
