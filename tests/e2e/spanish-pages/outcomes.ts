import type postgres from "postgres";
import type { SpanishPage } from "./types";

/** The demo program with a logic model (lines bound to live metrics). */
async function logicModel(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select p.id from programs p join logic_models m on m.program_id = p.id order by p.name limit 1`;
  return `/programs/${row.id}/logic-model`;
}

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "manager", path: "/outcomes", heading: "Resultados" },
  { as: "manager", path: "/outcome-measures", heading: "Medidas de resultados de la organización" },
  {
    as: "manager",
    path: logicModel,
    heading: /^Modelo lógico: /,
    // The demo program's own lines (the organisation's words).
    allow: ["Sessions are held as planned", "Hours of group support delivered", "New members stay: 3 of their first 4 sessions", "Quality of life improves", "Members feel part of a community"],
  },
];
