import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

/** The audit viewer's filters (a GET form: every view is a bookmarkable URL). Bad values are dropped, not errors. */
export type AuditFilters = { person: string; actor: string; action: string; from: string | null; to: string | null; page: number };

export const AUDIT_PAGE_SIZE = 50;

export function parseAuditFilters(url: URL): AuditFilters {
  const text = (name: string) =>
    (url.searchParams.get(name) ?? "")
      .replace(/\u0000/g, "")
      .trim()
      .slice(0, 200);
  const date = (name: string) => {
    const parsed = day.safeParse(text(name));
    return parsed.success ? parsed.data : null;
  };
  const page = Number.parseInt(text("page"), 10);
  return {
    person: text("person"),
    actor: text("actor"),
    action: /^[a-z0-9_.]{1,80}$/.test(text("action")) ? text("action") : "",
    from: date("from"),
    to: date("to"),
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}
