import type { SpanishPage } from "./types";

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [
  { as: "admin", path: "/admin/people", heading: "Personas y roles" },
  { as: "manager", path: "/admin/people?q=fran", heading: "Personas y roles" },
  { as: "admin", path: "/admin/organization", heading: "Datos de la organización" },
  // A manager reads the details without the form.
  { as: "manager", path: "/admin/organization", heading: "Datos de la organización" },
  { as: "admin", path: "/admin/audit", heading: "Registro de auditoría" },
  { as: "admin", path: "/admin/audit?action=competency.record.verify", heading: "Registro de auditoría" },
  { as: "admin", path: "/admin/mail", heading: "Correo saliente" },
  { as: "admin", path: "/admin/sms", heading: "Mensajes de texto" },
  // The demo's feedback questions are the organisation's own texts, written in English.
  {
    as: "admin",
    path: "/admin/translations",
    heading: "Textos en otros idiomas",
    allow: ["I felt heard", "The session was useful to me", "I felt safe in the group"],
  },
];
