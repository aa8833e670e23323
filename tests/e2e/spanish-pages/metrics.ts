import type { SpanishPage } from "./types";

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "manager", path: "/metrics", heading: "Indicadores del programa" },
  { as: "manager", path: "/metrics?period=custom&from=2026-02-30&to=2026-01-01&by=week", heading: "Indicadores del programa" },
  { as: "manager", path: "/metrics/report?by=quarter", heading: /: informe del programa, Últimos 12 meses/ },
  { as: "manager", path: "/metrics/rows?metric=attendance_rate", heading: "Tasa de asistencia: las filas detrás de la cifra" },
  { as: "manager", path: "/metrics/rows?metric=retention_rate", heading: "Permanencia: las filas detrás de la cifra" },
  { as: "manager", path: "/evidence", heading: "Evidencia para la acreditación" },
];
