import type { SpanishPage } from "./types";

/** The demo framework's item names (the organisation's data, stored in English; app/modules/competency/framework.ts). */
const ITEMS = [
  "Engaging and motivating members",
  "Managing group dynamics",
  "Leading discussions",
  "Facilitating group activities",
  "Readiness to share one's recovery story",
  "Peer role clarity",
  "Recognising the need for more intensive services",
  "Ethics, boundaries and confidentiality",
  "Wellness, trauma-informed care and recovery resources",
  "Managing triggers",
  "Recovery philosophy",
  "Referral procedures",
  "Trauma-informed practice",
  "Suicide risk recognition and response",
  "Peer specialist certification",
];

/** The id of a demo person, by email. */
async function userId(sql: Parameters<Exclude<SpanishPage["path"], string>>[0], email: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from users where email = ${email}`;
  return row.id;
}

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "fran", path: "/competency/me", heading: "Mis competencias", allow: ITEMS },
  { as: "felix@riverside.example", path: "/competency/me", heading: "Mis competencias", allow: ITEMS },
  { as: "manager", path: "/competency", heading: "Matriz de competencias", allow: ITEMS },
  { as: "manager", path: "/competency?status=attention", heading: "Matriz de competencias", allow: ITEMS },
  {
    as: "manager",
    // Felix's record that expires soon: the status, the dates, the evidence and the forms to update, verify and send back.
    path: async function felixExpiringRecord(sql) {
      const felix = await userId(sql, "felix@riverside.example");
      const [row] = await sql<{ id: string }[]>`
        select id from competency_records where user_id = ${felix} and expires_on is not null order by expires_on limit 1`;
      return `/competency/records/${row.id}`;
    },
    heading: /^.+: Felix/,
    allow: ITEMS,
  },
  {
    as: "fran",
    // Fran's own record: the evidence forms (note and certificate upload).
    path: async function ownRecord(sql) {
      const fran = await userId(sql, "fran@riverside.example");
      const [row] = await sql<{ id: string }[]>`select id from competency_records where user_id = ${fran} order by id limit 1`;
      return `/competency/records/${row.id}`;
    },
    heading: /^.+: Fran/,
    allow: ITEMS,
  },
  {
    as: "manager",
    path: async function observeFran(sql) {
      return `/competency/observations/new?facilitatorId=${await userId(sql, "fran@riverside.example")}`;
    },
    heading: "Registrar una observación",
    allow: ITEMS,
  },
  { as: "admin", path: "/competency/items", heading: "Marco de competencias", allow: ITEMS },
  { as: "manager", path: "/competency/items", heading: "Marco de competencias", allow: ITEMS },
  { as: "manager", path: "/competency/settings", heading: "Carga de casos y supervisores", allow: ITEMS },
  { as: "manager", path: "/competency/supervision", heading: "Registro de supervisión", allow: ITEMS },
  { as: "fran", path: "/competency/supervision", heading: "Registro de supervisión", allow: ITEMS },
];
