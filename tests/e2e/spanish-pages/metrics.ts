import type { SpanishPage } from "./types";

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "manager", path: "/metrics", heading: "Indicadores del programa" },
  { as: "manager", path: "/metrics?period=custom&from=2026-02-30&to=2026-01-01&by=week", heading: "Indicadores del programa" },
  { as: "manager", path: "/metrics?period=2026-Q3&by=week", heading: "Indicadores del programa" },
  { as: "manager", path: "/metrics/report?by=quarter", heading: /: informe del programa, Últimos 12 meses/ },
  { as: "manager", path: "/metrics/rows?metric=attendance_rate", heading: "Tasa de asistencia: las filas detrás de la cifra" },
  { as: "manager", path: "/metrics/rows?metric=retention_rate", heading: "Permanencia: las filas detrás de la cifra" },
  { as: "manager", path: "/evidence", heading: "Evidencia para la acreditación" },
  // The open incident's own words (what happened) are the organisation's record.
  { as: "manager", path: "/metrics/records", heading: "Informe de registros de servicio", allow: ["A member became very distressed talking about debt and left"] },
  { as: "manager", path: "/metrics/plans", heading: "Informe de planes de servicio" },
  { as: "manager", path: "/metrics/plans?from=2026-05-01&to=2026-01-01", heading: "Informe de planes de servicio" },
  { as: "manager", path: "/metrics/funder", heading: "Informe para financiadores" },
  { as: "manager", path: "/metrics/funder?rule=last_year", heading: "Informe para financiadores" },
  { as: "manager", path: "/metrics/funder?rule=fixed&from=2026-07-01&to=2026-08-15", heading: "Informe para financiadores" },
  { as: "manager", path: "/admin/demographics", heading: "Categorías de raza y origen étnico" },
  { as: "admin", path: "/admin/demographics", heading: "Categorías de raza y origen étnico" },
];
