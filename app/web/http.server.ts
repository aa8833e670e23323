import { json } from "@remix-run/node";
import { z } from "zod";
import { forbidden, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";

/** Throws a Response with `status` unless `condition` holds (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// Modules raise these (app/modules/errors.ts); routes import them from here with the other helpers.
export { forbidden, notFound, UserInputError };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route id parameter: a UUID, or 404 (junk ids look exactly like other organisations' ids). */
export function parseId(value: string | undefined): string {
  if (!value || !uuidPattern.test(value)) notFound();
  return value.toLowerCase();
}

export type FieldErrors = Record<string, string[] | undefined>;
export type FormFailure = { ok: false; errors: FieldErrors; formError?: string; values: Record<string, string> };
export type FormResult<T> = { ok: true; data: T; values: Record<string, string> } | FormFailure;

/** Form data to a plain object; repeated keys (checkbox groups) become arrays. */
/** NUL characters: never typed by a person, and PostgreSQL refuses them in text. */
const withoutNul = (value: string) => (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value);

/** A text parameter of the URL (a search box, a filter), cleaned and cut to `max` characters. */
export function searchText(request: Request, name: string, max = 200): string {
  return withoutNul(new URL(request.url).searchParams.get(name) ?? "")
    .trim()
    .slice(0, max);
}

export function formToObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form
      .getAll(key)
      .filter((v): v is string => typeof v === "string")
      .map(withoutNul);
    out[key] = key.endsWith("[]") || all.length > 1 ? all : (all[0] ?? "");
  }
  for (const key of Object.keys(out)) {
    if (key.endsWith("[]")) {
      out[key.slice(0, -2)] = out[key];
      delete out[key];
    }
  }
  return out;
}

export function flattenValues(raw: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export async function parseForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  form?: FormData,
): Promise<FormResult<z.infer<S>>> {
  const data = form ?? (await request.formData());
  const raw = formToObject(data);
  const values = flattenValues(raw);
  // Secrets are never echoed back into the page with a failed form.
  for (const secret of ["password", "newPassword", "currentPassword", "confirmPassword", "emailPassword"]) delete values[secret];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    // A hidden field's error (the one-time form token) is the whole form's: no field to point at.
    if (errors.formToken) {
      errors._form = [...(errors._form ?? []), ...errors.formToken];
      delete errors.formToken;
    }
    return { ok: false, errors, values };
  }
  return { ok: true, data: parsed.data, values };
}

/** The 400 body returned with a failed form: the route renders errors beside fields and in a summary. */
export function formFailure(result: FormFailure | { errors: FieldErrors; values?: Record<string, string>; formError?: string; details?: unknown }) {
  const details = "details" in result && result.details !== undefined ? { details: result.details } : {};
  return json(
    { ok: false as const, errors: result.errors, values: result.values ?? {}, formError: result.formError ?? "", ...details },
    { status: 400 },
  );
}

export function clientIp(request: Request): string {
  return limitKeyForAddress(request.headers.get("x-client-ip") ?? "unknown");
}

/**
 * The address as rate limits count it: an IPv4-mapped IPv6 address is its IPv4 address, and an
 * IPv6 address counts by its /64 (one subscriber's whole block), so a client cannot step around a
 * per-address limit by cycling through the 2^64 addresses of its own network.
 */
export function limitKeyForAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Runs a module call; a UserInputError becomes a 400 form failure shown beside its field. */
/**
 * The version of the page a form was opened on, as the form sent it: null when it named none (a
 * mutation given null refuses the save, UnversionedSave; callers outside a form pass nothing).
 */
export function formVersion(form: FormData): string | null {
  const version = form.get("version");
  return typeof version === "string" && version !== "" ? version : null;
}

export async function attempt<T>(values: Record<string, string>, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof UserInputError) {
      // A save that named no version, or an out-of-date one (StaleSave), gets the current version back in its values (the form carries it on).
      const sent = error instanceof UnversionedSave || error instanceof StaleSave ? { ...values, version: error.current } : values;
      return { ok: false, response: formFailure({ errors: { [error.field]: [error.message] }, values: sent, details: error.details }) };
    }
    throw error;
  }
}
