import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, invitations, memberships, passwordResetTokens, sessions } from "~/db/schema";
import { goalObjectives } from "~/db/tables/metrics";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import { sha256 } from "~/modules/auth/tokens.server";
import { createGoal } from "~/modules/metrics/mutations.server";
import { createReferral, createResource } from "~/modules/referrals/mutations.server";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import { createSessionAt } from "../../factories/attendance";
import { installFramework, makeCurrent } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createRoundAs } from "../../factories/scheduling";
import { watchTableChanges, type TableChange } from "../../factories/table-changes";
import { createHeldSession, openGroupProposal } from "../../factories/voice";

/**
 * "Every bad input gets a clear error message to the person and changes nothing": every route
 * action, posted malformed forms (empty, unknown intents, each intent bare, absurd values in every
 * field it reads, plausible forms carrying NUL bytes, 100k-character text or huge numbers) as an
 * admin, a manager, a facilitator, a participant and an anonymous visitor (and, with the short
 * battery, a manager of another organisation), answers below 500. A thrown Response counts as
 * its status; anything else thrown is a failure. A refused request (4xx, or an anonymous visitor
 * sent to sign in) must change no row: every table's row count and content checksum are compared
 * before and after it (tests/factories/table-changes.ts), and any difference is a failure.
 *
 * Routes, their intents and their field names are discovered from the sources at test time, so a
 * new route or field is covered without editing this file. All failures are collected and
 * reported together.
 *
 * The routes are split into parts, one per file (bad-input-1.test.ts …), which vitest runs side by
 * side; run them all with `vitest run … tests/integration/robustness/bad-input`.
 */
type RouteModule = {
  loader?: (...args: never[]) => unknown;
  action?: (...args: never[]) => unknown;
};
type Form = Record<string, string | string[]>;

const modules = import.meta.glob<RouteModule>("../../../app/routes/*.{ts,tsx}", { eager: true });
const APP = fileURLToPath(new URL("../../../app/", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Discovery: intents and field names of a route, from its source and what it imports.
// ---------------------------------------------------------------------------------------------

const read = (file: string) => readFileSync(file, "utf8");

function resolveImport(spec: string): string | null {
  for (const ext of [".ts", ".tsx", "/index.ts"]) {
    const file = path.join(APP, spec + ext);
    if (existsSync(file)) return file;
  }
  return null;
}

function allModuleSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry)) out.push(read(full));
    }
  };
  walk(path.join(APP, "modules"));
  return out;
}

/** Constant string arrays of the app (`export const WEEKDAYS = ["mon", …]`): enum values by name. */
const CONST_ARRAYS = new Map<string, string>();
for (const source of allModuleSources()) {
  for (const m of source.matchAll(/const ([A-Z][A-Z0-9_]*)(?:\s*:[^=]+)?\s*=\s*\[\s*"([^"]+)"/g)) CONST_ARRAYS.set(m[1], m[2]);
}

/** The text of `export const NAME …` (or function) up to the next top-level export. */
function exportBlock(source: string, name: string): string {
  const start = source.search(new RegExp(`export (?:const|function|async function) ${name}\\b`));
  if (start < 0) return "";
  const next = source.indexOf("\nexport ", start + 1);
  return source.slice(start, next < 0 ? undefined : next);
}

type Discovered = {
  intents: string[];
  fields: string[];
  arrays: Set<string>;
  enumValue: Map<string, string>;
};

function discover(routeFile: string): Discovered {
  const route = read(path.join(APP, "routes", routeFile));
  const markup: string[] = [route]; // route + imported UI components: form markup
  const schemas: string[] = []; // the imported schema exports (and the schema files' local helpers)
  const schemaFiles: string[] = []; // whole schema files: only to look up enum values
  for (const m of route.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"~\/((?:ui|modules)\/[^"]+)"/g)) {
    const file = resolveImport(m[2]);
    if (!file) continue;
    const source = read(file);
    if (m[2].startsWith("ui/")) markup.push(source);
    else if (/schema/.test(m[2])) {
      schemaFiles.push(source);
      const names = m[1]
        .split(",")
        .map(
          (n) =>
            n
              .trim()
              .replace(/^type\s+/, "")
              .split(/\s+as\s+/)[0],
        )
        .filter(Boolean);
      for (const name of names) {
        const block = exportBlock(source, name);
        if (!block) continue;
        schemas.push(block);
        // One level of local helpers the export is built from (`goalSchema.pick(…)`, `const base = …`).
        for (const [, ref] of block.matchAll(/\b([a-z]\w*Schema|base\w*)\b/g)) {
          if (ref === name) continue;
          const local = source.match(new RegExp(`(?:export )?const ${ref}\\b[\\s\\S]*?\\n(?=(?:export )?(?:const|function|type) )`));
          if (local) schemas.push(local[0]);
        }
      }
    }
  }

  const intents = new Set<string>();
  for (const m of route.matchAll(/intent(?:"\))? === "([a-zA-Z_-]+)"|case "([a-zA-Z_-]+)"|z\.literal\("([^"]+)"\)/g)) intents.add((m[1] ?? m[2] ?? m[3])!);
  for (const source of markup) for (const m of source.matchAll(/name="intent"\s+value="([^"]+)"/g)) intents.add(m[1]);
  for (const source of schemas) {
    for (const m of source.matchAll(/intent:\s*z\.literal\("([^"]+)"|intent:\s*z\.enum\(\[([^\]]+)\]/g)) {
      if (m[1]) intents.add(m[1]);
      else for (const x of m[2].matchAll(/"([^"]+)"/g)) intents.add(x[1]);
    }
  }

  const fields = new Set<string>();
  for (const source of markup) {
    for (const m of source.matchAll(/\bname="([A-Za-z_][\w[\]]*)"|\.get(?:All)?\("([A-Za-z_][\w[\]]*)"\)/g)) fields.add((m[1] ?? m[2])!);
  }
  for (const source of schemas) {
    for (const m of source.matchAll(/(?:^|[{,(])\s*([a-zA-Z]\w*):\s*(?:z\b|[a-z]\w*\s*(?:\(|,|\}|$))/gm)) fields.add(m[1]);
  }
  for (const source of schemas) for (const m of source.matchAll(/^\s+([a-z]\w*),\s*$/gm)) fields.add(m[1]); // shorthand `status,`
  fields.delete("intent");
  const arrays = new Set<string>();
  for (const field of fields) {
    if ([...markup, ...schemas].some((src) => new RegExp(`\\b${field}:\\s*z\\s*\\.array\\(|name="${field}\\[\\]"`).test(src))) arrays.add(field);
  }
  // Names the loader reads from the URL only (?saved=1): harmless to post, kept.

  const sources = [...markup, ...schemas, ...schemaFiles];
  const enumValue = new Map<string, string>();
  for (const field of fields) {
    const bare = field.replace(/\[\]$/, "");
    for (const source of sources) {
      const head = `(?:\\b${bare}:|const ${bare} =)\\s*z\\s*\\.(?:array\\(\\s*z\\s*\\.)?enum\\(`;
      const inline = source.match(new RegExp(`${head}\\[\\s*"([^"]+)"`));
      const named = source.match(new RegExp(`${head}([A-Z][A-Z0-9_]*)`));
      const markupValue =
        source.match(new RegExp(`name="${bare}(?:\\[\\])?"[^>]*?\\svalue="([^"{]+)"`)) ??
        source.match(new RegExp(`\\svalue="([^"{]+)"[^>]*?name="${bare}(?:\\[\\])?"`));
      const value = inline?.[1] ?? (named ? CONST_ARRAYS.get(named[1]) : undefined) ?? markupValue?.[1];
      if (value) {
        enumValue.set(field, value);
        break;
      }
    }
  }
  return {
    intents: [...intents],
    fields: [...fields].sort(),
    arrays,
    enumValue,
  };
}

// ---------------------------------------------------------------------------------------------
// The scenario: real ids for params and id fields.
// ---------------------------------------------------------------------------------------------

let s: Scenario;
let foreign: Scenario;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function buildScenario() {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  const [future] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
  ids.futureSession = future.id;
  ids.heldSession = (await createHeldSession(s)).id;
  // An organisation's default feedback questions exist before anyone opens a feedback form (they
  // are installed on first use today; issue 15 moves that to organisation creation).
  for (const org of [s, foreign]) await ensureFeedbackQuestions(db, org.org.id);
  const live = await createSessionAt(s.group.id, s.org.id, new Date(Date.now() + 5 * 60_000));
  ids.liveSession = live.id;
  tokens.code = (await currentCheckInCode(s.facilitator, live.id, new Date())).code!.code;

  const [enrolment] = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.otherParticipant.id)));
  ids.enrolment = enrolment.id;
  const [membership] = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, s.otherParticipant.id));
  ids.membership = membership.id;

  const now = new Date();
  ids.proposal = await openGroupProposal(s, s.participant, "Robustness", now);
  const base = {
    sessionId: null,
    groupId: null,
    programId: null,
    summary: "About Fran",
    body: "b",
  };
  ids.concern = (
    await raiseConcern(
      s.participant,
      {
        ...base,
        subject: "facilitator",
        facilitatorId: s.facilitator.id,
        anonymous: false,
      },
      now,
      "http://test.local",
    )
  ).id;
  tokens.concern = (
    await raiseConcern(
      s.otherParticipant,
      {
        ...base,
        subject: "program",
        programId: s.program.id,
        facilitatorId: null,
        anonymous: true,
      },
      now,
      "http://test.local",
    )
  ).token!;

  ids.round = await createRoundAs(s.manager, s.group.id);

  const items = await installFramework(s.org.id);
  const firstItem = Object.values(items)[0];
  ids.item = firstItem.id;
  const records = await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, {
    only: [firstItem.code],
  });
  ids.record = Object.values(records)[0];

  const resource = await createResource(s.manager, {
    name: "Food bank",
    location: "",
    phone: "",
    contactPerson: "",
    services: "",
    languages: "",
    fees: "",
    eligibility: "",
    needAreas: [],
    website: "",
  });
  ids.resource = resource.id;
  ids.referral = (
    await createReferral(s.manager, {
      participantId: s.participant.id,
      resourceId: resource.id,
      groupId: null,
      needArea: "food",
      reason: "Needs food",
      referredOn: "2027-03-01",
      followUpOn: null,
    } as never)
  ).id;

  ids.goal = await createGoal(
    s.manager,
    {
      id: s.participant.id,
      organizationId: s.org.id,
      currentFacilitatorIds: [s.facilitator.id],
    },
    {
      title: "Find work",
      programId: s.program.id,
      targetDate: "",
      objectives: "Apply to 3 jobs|count",
      groupIds: [],
      interventions: "",
    },
  );
  const [objective] = await db.select({ id: goalObjectives.id }).from(goalObjectives).where(eq(goalObjectives.goalId, ids.goal));
  ids.objective = objective?.id ?? randomUUID();

  // An open invitation for a new person, and a reset link for a person nobody else uses.
  tokens.invite = randomBytes(24).toString("hex");
  await db.insert(invitations).values({
    organizationId: s.org.id,
    email: `invitee-${randomBytes(3).toString("hex")}@test.example`,
    role: "participant",
    tokenHash: sha256(tokens.invite),
    invitedBy: s.manager.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const resetee = await createPerson(s.org, "participant");
  tokens.reset = randomBytes(24).toString("hex");
  await db.insert(passwordResetTokens).values({
    tokenHash: sha256(tokens.reset),
    userId: resetee.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
}

function paramsFor(routeName: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of routeName.matchAll(/\$([A-Za-z]+)/g)) {
    params[name] =
      (
        {
          groupId: s.group.id,
          programId: s.program.id,
          sessionId: routeName.startsWith("feedback.") ? ids.heldSession : routeName === "sessions.$sessionId._index" ? ids.futureSession : ids.liveSession,
          userId: s.participant.id,
          seriesId: s.seriesId,
          slug: s.org.slug,
          code: tokens.code,
          token: routeName.startsWith("invite.")
            ? tokens.invite
            : routeName.startsWith("reset-password.")
            ? tokens.reset
            : routeName.startsWith("concerns.")
            ? tokens.concern
            : "x",
          concernId: ids.concern,
          proposalId: ids.proposal,
          roundId: ids.round,
          recordId: ids.record,
          resourceId: ids.resource,
          enrolmentId: ids.enrolment,
          evidenceId: randomUUID(),
        } as Record<string, string | undefined>
      )[name] ?? "x";
  }
  return params;
}

function pathFor(routeName: string, params: Record<string, string>): string {
  const p = routeName
    .replace(/\[|\]/g, "")
    .replace(/\$([A-Za-z]+)/g, (_m, name: string) => params[name])
    .replace(/\./g, "/")
    .replace(/\/?_index$/, "");
  return `/${p}`;
}

// ---------------------------------------------------------------------------------------------
// The battery.
// ---------------------------------------------------------------------------------------------

const LONG = "x".repeat(100_000);
const isIdField = (f: string) => /(?:Id|Ids)(?:\[\])?$/.test(f);

/** A real id of this organisation for an id field, by its name. */
function realId(field: string): string {
  const bare = field.replace(/\[\]$/, "").replace(/Ids$/, "Id");
  const byName: Record<string, string> = {
    groupId: s.group.id,
    feedbackGroupId: s.group.id,
    programId: s.program.id,
    measureProgramId: s.program.id,
    sessionId: ids.liveSession,
    userId: s.participant.id,
    participantId: s.participant.id,
    facilitatorId: s.facilitator.id,
    supervisorId: s.manager.id,
    defaultSupervisorId: s.manager.id,
    organizationId: s.org.id,
    seriesId: s.seriesId,
    roundId: ids.round,
    proposalId: ids.proposal,
    concernId: ids.concern,
    recordId: ids.record,
    itemId: ids.item,
    resourceId: ids.resource,
    referralId: ids.referral,
    enrolmentId: ids.enrolment,
    membershipId: ids.membership,
    goalId: ids.goal,
    objectiveId: ids.objective,
  };
  return byName[bare] ?? randomUUID();
}

type Shape =
  | "id"
  | "enum"
  | "email"
  | "password"
  | "zone"
  | "language"
  | "datetime"
  | "date"
  | "time"
  | "number"
  | "weekday"
  | "url"
  | "phone"
  | "flag"
  | "scope"
  | "csv"
  | "text";

/** What a field holds, guessed from its name (and the enum values found in the sources). */
function shapeOf(field: string, d: Discovered): Shape {
  const f = field.replace(/\[\]$/, "");
  if (isIdField(field)) return "id";
  if (d.enumValue.has(field)) return "enum";
  if (/email/i.test(f)) return "email";
  if (/password/i.test(f)) return "password";
  if (/timezone/i.test(f)) return "zone";
  if (/^(?:locale|language|languages)$/.test(f)) return "language";
  if (/^(?:target|audience)$/.test(f)) return "scope";
  if (f === "csv") return "csv";
  if (/closesAt/.test(f)) return "datetime";
  if (field.endsWith("[]") && /^(?:from|to)$/.test(f)) return "time";
  if (/(?:Date|date|Dates|On|From|Until)$|^(?:from|to|startDate|endDate)$/.test(f)) return "date";
  if (/(?:Time|Start|End|At)$|^time$/.test(f)) return "time";
  if (
    /(?:Minutes|Days|Hours|Months|Ms|capacity|count|sections|score|Min|Max|After|Groups|Participants|target|Attended|Of|Per\w*)$|^(?:capacity|count|score|sections)$/.test(
      f,
    )
  )
    return "number";
  if (/^(?:weekdays|day)$/.test(f)) return "weekday";
  if (/(?:url|Url|website)$/.test(f)) return "url";
  if (/phone/i.test(f)) return "phone";
  if (/^(?:anonymous|urgent|anonymousVotes|remindersEnabled|allowWalkIns|shareNamesWithGroup)$|^consent/.test(f)) return "flag";
  return "text";
}

/** A number inside the usual bounds for a field of that name. */
function plausibleNumber(field: string): string {
  if (/Minutes$/.test(field)) return "60";
  if (/Hours$/.test(field)) return "24";
  if (/Days$/.test(field)) return "14";
  if (/Months$/.test(field)) return "12";
  if (/Ms$/.test(field)) return "0";
  if (/Min$/.test(field)) return "1";
  if (/Max$/.test(field)) return "5";
  if (/^capacity$/.test(field)) return "10";
  return "3";
}

/**
 * A value that a careful person could have typed, guessed from the field's name; `text` replaces
 * free text and `number` replaces numbers, so a form passes validation but carries one bad value.
 */
function plausible(field: string, d: Discovered, text = "Plain words", number?: string): string {
  const f = field.replace(/\[\]$/, "");
  switch (shapeOf(field, d)) {
    case "id":
      return realId(field);
    case "enum":
      return d.enumValue.get(field)!;
    case "email":
      return `someone-${randomBytes(3).toString("hex")}@example.org`;
    case "password":
      return "correct-horse-battery-2";
    case "zone":
      return "America/New_York";
    case "language":
      return "en";
    case "scope":
      return `group:${s.group.id}`;
    case "csv":
      return `name,location\n${text},Main street`;
    case "datetime": // a week ahead, in local time as a datetime-local input sends it
      return new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
    case "date":
      return /(?:^to|end|End|Until|followUp)/.test(f) ? "2027-04-06" : "2027-03-09";
    case "time":
      return /(?:^to|End|leftAt)/.test(f) ? "12:00" : "10:00";
    case "number":
      return number ?? plausibleNumber(f);
    case "weekday":
      return "tue";
    case "url":
      return "https://example.org/x";
    case "phone":
      return "+1 555 0100";
    case "flag":
      return "on";
    case "text":
      return text;
  }
}

type Battery = { label: string; form: Form }[];

function batteryFor(d: Discovered): Battery {
  const battery: Battery = [
    { label: "{}", form: {} },
    { label: "intent=nonsense", form: { intent: "nonsense" } },
    {
      label: "intent repeated",
      form: { intent: [d.intents[0] ?? "x", "nonsense"] },
    },
  ];
  const fill = (value: (field: string) => string | string[]): Form => Object.fromEntries(d.fields.map((f) => [f, value(f)]));
  // Plausible forms post list fields the way the browser does (`weekdays[]`), so they pass parsing.
  const fillPlausible = (value: (field: string) => string): Form =>
    Object.fromEntries(d.fields.map((f) => [d.arrays.has(f) && !f.endsWith("[]") ? `${f}[]` : f, value(f)]));
  const keepIds = (value: string | string[]) => (f: string) => isIdField(f) ? realId(f) : value;
  const kinds: { label: string; form: () => Form }[] = [
    { label: "every field 100k chars", form: () => fill(keepIds(LONG)) },
    { label: 'every field "NaN"', form: () => fill(keepIds("NaN")) },
    { label: 'every field "-1"', form: () => fill(keepIds("-1")) },
    {
      label: 'every field "9999999999"',
      form: () => fill(keepIds("9999999999")),
    },
    { label: 'every field "1e309"', form: () => fill(keepIds("1e309")) },
    {
      label: 'every field "2027-02-30"',
      form: () => fill(keepIds("2027-02-30")),
    },
    { label: 'every field "25:99"', form: () => fill(keepIds("25:99")) },
    {
      label: "every field repeated",
      form: () => fill((f) => (isIdField(f) ? [realId(f), realId(f)] : ["1", "2"])),
    },
    { label: 'every field "not-a-uuid"', form: () => fill(() => "not-a-uuid") },
    {
      label: "id fields random uuids",
      form: () => fillPlausible((f) => (isIdField(f) ? randomUUID() : plausible(f, d))),
    },
    {
      label: "every field SQL-ish",
      form: () => fill(keepIds("'; drop table users; --")),
    },
    {
      label: "every field unicode/emoji",
      form: () => fill(keepIds("😀🏳️‍🌈 Ünïcödé 中文 \u202eעברית\u202c \uFFFF")),
    },
    {
      label: "every field NUL bytes",
      form: () => fill((f) => (isIdField(f) ? `${realId(f)}\u0000` : "a\u0000b")),
    },
    { label: "every field empty", form: () => fill(() => "") },
    { label: "plausible", form: () => fillPlausible((f) => plausible(f, d)) },
    {
      label: "plausible, text with NUL",
      form: () => fillPlausible((f) => plausible(f, d, "Plain\u0000words")),
    },
    {
      label: "plausible, text 100k chars",
      form: () => fillPlausible((f) => plausible(f, d, LONG)),
    },
    {
      label: "plausible, numbers 9999999999",
      form: () => fillPlausible((f) => plausible(f, d, undefined, "9999999999")),
    },
    { label: "plausible, numbers -1", form: () => fillPlausible((f) => plausible(f, d, undefined, "-1")) },
    { label: "plausible, numbers 1.5", form: () => fillPlausible((f) => plausible(f, d, undefined, "1.5")) },
  ];
  for (const intent of d.intents.length ? d.intents : [undefined]) {
    if (intent !== undefined) battery.push({ label: `intent=${intent}`, form: { intent } });
    for (const kind of kinds) {
      const form = kind.form();
      battery.push({
        label: `${intent === undefined ? "" : `intent=${intent}, `}${kind.label}`,
        form: intent === undefined ? form : { intent, ...form },
      });
    }
  }
  return battery;
}

// ---------------------------------------------------------------------------------------------

type Failure = { route: string; who: string; form: string; error: string };

function stackTop(error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return "";
  const frames = error.stack
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !l.includes("node_modules") && !l.includes("node:"))
    .slice(0, 3)
    .map((l) =>
      l
        .trim()
        .replace(/\(.*?\/work\/main\//, "(")
        .replace(/^at .*?\/work\/main\//, "at "),
    );
  return frames.join(" ← ");
}

function summarise(form: Form): string {
  return Object.entries(form)
    .map(([k, v]) => {
      const one = (x: string) => (x.length > 24 ? `${JSON.stringify(x.slice(0, 12))}…(${x.length})` : JSON.stringify(x));
      return `${k}=${Array.isArray(v) ? `[${v.map(one).join(",")}]` : one(v)}`;
    })
    .slice(0, 6)
    .join(" ")
    .concat(Object.keys(form).length > 6 ? ` …(+${Object.keys(form).length - 6} fields)` : "");
}

/** A hung action is a failure too (a lock never released, a runaway loop), not a stuck run. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a request may write whatever its outcome — each with the reason; nothing else is excused.
 */
const CHANGE_ON_ANY_REQUEST: Record<string, string> = {
  rate_limit_events: "a limit counts every attempt, refused ones included (that is how it stops guessing)",
  login_attempts: "a failed sign-in is counted towards the account's lock-out whatever the form said",
};
const IGNORED_COLUMNS = {
  auth_sessions: { columns: ["last_seen_at"], why: "any signed-in request refreshes it (at most every 30 s) for the idle logout" },
};

let tableChanges: Awaited<ReturnType<typeof watchTableChanges>>;

const describeChange = (c: TableChange) =>
  `${c.table} (${c.before ? `${c.before.rows} → ${c.after.rows} rows` : `${c.after.rows} rows`}${c.before && c.before.rows === c.after.rows ? ", content changed" : ""})`;

// ---------------------------------------------------------------------------------------------
// Parts: the routes are split across the files bad-input-1.test.ts … bad-input-<SHARDS>.test.ts so
// that vitest runs the parts side by side (each test file has its own database and scenario).
// ---------------------------------------------------------------------------------------------

/** How many files share the routes; bad-input-1.test.ts … bad-input-<SHARDS>.test.ts must exist. */
export const SHARDS = 4;

type ActionRoute = { file: string; name: string; route: RouteModule };

/** Every route module with an action, by name. */
function actionRoutes(): ActionRoute[] {
  return Object.entries(modules)
    .filter(([, m]) => typeof m.action === "function")
    .map(([file, route]) => ({
      file: file.split("/").pop()!,
      name: file
        .split("/")
        .pop()!
        .replace(/\.tsx?$/, ""),
      route,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Each route's part (0-based): the routes, largest battery first, each go to the part with the
 * fewest forms so far (a tie to the lower part), so the parts take about as long as each other.
 * It depends only on the sources, so every file computes the same split, and every route is in
 * exactly one part.
 */
function shardOfRoutes(routes: ActionRoute[], size: (route: ActionRoute) => number): Map<string, number> {
  const load = Array.from({ length: SHARDS }, () => 0);
  const out = new Map<string, number>();
  const bySize = routes.map((r) => ({ r, n: size(r) })).sort((a, b) => b.n - a.n || a.r.name.localeCompare(b.r.name));
  for (const { r, n } of bySize) {
    const shard = load.indexOf(Math.min(...load));
    load[shard] += n;
    out.set(r.name, shard);
  }
  return out;
}

/**
 * Registers the battery for the routes of part `part` (1-based) in the calling test file. Part 1
 * also checks that the files of all the parts exist, so no route is silently left out.
 */
export function badInputShard(part: number) {
  beforeAll(async () => {
    await buildScenario();
    tableChanges = await watchTableChanges(CHANGE_ON_ANY_REQUEST, IGNORED_COLUMNS);
  });

  if (part === 1) {
    it(`is split across bad-input-1 … bad-input-${SHARDS}.test.ts, which all exist`, () => {
      const here = path.dirname(fileURLToPath(import.meta.url));
      const expected = Array.from({ length: SHARDS }, (_, i) => `bad-input-${i + 1}.test.ts`);
      const present = readdirSync(here).filter((f) => /^bad-input.*\.test\.ts$/.test(f));
      expect(present.sort()).toEqual(expected.sort());
    });
  }

  describe(`actions given bad input (part ${part} of ${SHARDS})`, () => {
    it("never answer 500, for any role", async () => {
      const started = Date.now();
      const all = actionRoutes();
      expect(all.length).toBeGreaterThan(40);
      const shardOf = shardOfRoutes(all, (r) => batteryFor(discover(r.file)).length);
      const routes = all
        .filter((r) => shardOf.get(r.name) === part - 1)
        // Signing out ends the session the other routes post with: last.
        .sort((a, b) => Number(a.name === "logout") - Number(b.name === "logout") || a.name.localeCompare(b.name));
      expect(routes.length).toBeGreaterThan(0);

      const people: [string, Person | null][] = [
        ["admin", s.admin],
        ["manager", s.manager],
        ["facilitator", s.facilitator],
        ["participant", s.participant],
        ["anonymous", null],
        ["foreign manager", foreign.manager],
      ];
      const failures: Failure[] = [];
      let calls = 0;
      let forms = 0;
      let refusals = 0;
      let checking = 0; // ms spent comparing tables
      const perRoute: string[] = [];
      for (const { file, name, route } of routes) {
        const d = discover(file);
        const params = paramsFor(name);
        const url = pathFor(name, params);
        const battery = batteryFor(d);
        forms += battery.length;
        const t0 = Date.now();
        const statuses: Record<string, number> = {};
        for (const { label, form } of battery) {
          // The foreign manager gets the short battery: isolation is checked elsewhere, 500s here.
          for (const [who, person] of people) {
            if (who === "foreign manager" && !/^(?:\{\}|intent=[\w-]+)$/.test(label)) continue;
            calls++;
            try {
              const out = await withTimeout(
                callRoute(route as never, {
                  path: url,
                  params,
                  cookie: person?.cookie,
                  form,
                }),
                20_000,
              );
              const tally = `${who}:${out.status}`;
              statuses[tally] = (statuses[tally] ?? 0) + 1;
              const t1 = performance.now();
              const changed = await tableChanges.changes();
              checking += performance.now() - t1;
              const refused = (out.status >= 400 && out.status < 500) || (person === null && out.status === 302 && (out.location ?? "").startsWith("/login"));
              if (refused) refusals++;
              if (refused && changed.length) {
                failures.push({
                  route: name,
                  who,
                  form: `${label} — ${summarise(form)} — ${changed.map(describeChange).join("; ")}`,
                  error: `refused with ${out.status} but changed ${changed.map((c) => c.table).join(", ")}`,
                });
              }
              if (out.status >= 500) {
                const body = typeof out.data === "string" ? out.data : JSON.stringify(out.data ?? "");
                failures.push({
                  route: name,
                  who,
                  form: `${label} — ${summarise(form)}`,
                  error: `answered ${out.status}: ${body.slice(0, 200)}`,
                });
              }
            } catch (error) {
              await tableChanges.changes(); // what a failed call wrote is not blamed on the next one
              const cause = error instanceof Error && error.cause instanceof Error ? ` [cause: ${error.cause.message.split("\n")[0].slice(0, 200)}]` : "";
              const message = error instanceof Error ? `${error.constructor.name}: ${error.message.split("\n")[0].slice(0, 300)}${cause}` : String(error);
              failures.push({
                route: name,
                who,
                form: `${label} — ${summarise(form)}`,
                error: `threw ${message}${stackTop(error) ? ` @ ${stackTop(error)}` : ""}`,
              });
            }
          }
        }
        perRoute.push(
          `${name}: ${d.intents.length} intents [${d.intents.join(" ")}], ${d.fields.length} fields [${d.fields.join(" ")}], ${battery.length} forms, ${
            Date.now() - t0
          } ms; ` +
            Object.entries(statuses)
              .map(([k, n]) => `${k}×${n}`)
              .join(" "),
        );
      }

      // BAD_INPUT_VERBOSE=1 lists, per route, what was discovered and the statuses each role got.
      console.info(
        `part ${part} of ${SHARDS}: ${routes.length} of ${all.length} route actions (${routes.map((r) => r.name).join(" ")}), ${forms} forms, ${calls} calls (${refusals} refused, each checked against ${tableChanges.tables.length} tables) in ${((Date.now() - started) / 1000).toFixed(1)} s, of which ${(checking / 1000).toFixed(1)} s comparing tables`,
      );
      if (process.env.BAD_INPUT_VERBOSE) console.info(perRoute.map((l) => `  ${l}`).join("\n"));

      // Group by route and error so one run reads as a list of bugs, not thousands of lines.
      const grouped = new Map<string, Failure[]>();
      for (const f of failures) {
        const key = `${f.route} → ${f.error.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")}`;
        grouped.set(key, [...(grouped.get(key) ?? []), f]);
      }
      const message = [...grouped.entries()]
        .map(([key, list]) => {
          const examples = list.slice(0, 4).map((f) => `      as ${f.who}: ${f.form}`);
          return [`  ${key}  (${list.length}×; roles: ${[...new Set(list.map((f) => f.who))].join(", ")})`, ...examples].join("\n");
        })
        .join("\n");
      expect(failures.length, `${failures.length} answers of 500 or worse, or refusals that changed rows:\n${message}`).toBe(0);
    }, 600_000);
  });
}
