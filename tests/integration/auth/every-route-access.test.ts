import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import { createResource } from "~/modules/referrals/mutations.server";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import * as register from "~/routes/groups.$groupId.register";
import { createSessionAt } from "../../factories/attendance";
import { installFramework, makeCurrent } from "../../factories/competency";
import { intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createRoundAs } from "../../factories/scheduling";
import { createHeldSession, openGroupProposal } from "../../factories/voice";
import { EXPECTATIONS, WHO, type Who } from "./route-expectations";

/**
 * The access matrix over every route: the route files are discovered at test time and each must
 * have a row in ./route-expectations.ts saying what every role gets from its loader (or, for a
 * route with only an action, from an empty POST). A new page cannot ship without its access rules:
 * a route without a row fails here, and so does a row for a route that no longer exists.
 *
 * The people: a participant enrolled in the group, the group's facilitator, a facilitator who
 * does not lead it, a manager, an admin, a manager of another organisation (records of this one
 * are 404 to them) and an anonymous visitor. Ids in the URL are real records of the organisation.
 */
type RouteModule = { loader?: (...args: never[]) => unknown; action?: (...args: never[]) => unknown };
const modules = import.meta.glob<RouteModule>("../../../app/routes/*.{ts,tsx}", { eager: true });
const routes = Object.entries(modules)
  .map(([file, route]) => ({ name: file.split("/").pop()!.replace(/\.tsx?$/, ""), route }))
  .sort((a, b) => a.name.localeCompare(b.name));

let s: Scenario;
let foreign: Scenario;
let people: Record<Who, Person | null>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  people = {
    anonymous: null,
    participant: s.participant,
    facilitator: s.facilitator,
    otherFacilitator: s.otherFacilitator,
    manager: s.manager,
    admin: s.admin,
    foreignManager: foreign.manager,
  };
  const [future] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
  ids.futureSession = future.id;
  ids.heldSession = (await createHeldSession(s)).id;
  ids.liveSession = (await createSessionAt(s.group.id, s.org.id, new Date(Date.now() + 5 * 60_000))).id;
  ids.code = (await currentCheckInCode(s.facilitator, ids.liveSession, new Date())).code!.code;
  // A registration with an intake, made by the manager on a new participant's behalf (enrolled).
  const applicant = await createPerson(s.org, "participant");
  const registered = await callRoute(register, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: s.manager.cookie, form: intakeForm({ participantId: applicant.id }) });
  if (registered.status >= 400) throw new Error(`registration failed: ${registered.status}`);
  const [enrolment] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, applicant.id)));
  ids.enrolment = enrolment.id;
  const now = new Date();
  ids.proposal = await openGroupProposal(s, s.participant, "Access matrix", now);
  ids.concern = (
    await raiseConcern(s.otherParticipant, { sessionId: null, groupId: null, programId: s.program.id, summary: "About the program", body: "b", subject: "program", facilitatorId: null, anonymous: false }, now, "http://test.local")
  ).id;
  ids.round = await createRoundAs(s.manager, s.group.id);
  const items = await installFramework(s.org.id);
  const first = Object.values(items)[0];
  ids.record = Object.values(await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, { only: [first.code] }))[0];
  ids.resource = (
    await createResource(s.manager, { name: "Food bank", location: "", phone: "", contactPerson: "", services: "", languages: "", fees: "", eligibility: "", needAreas: [], website: "" })
  ).id;
}, 60_000);

/** Real ids of the organisation for a route's params; tokens are unknown ones (a stale or guessed link). */
function paramsFor(name: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, param] of name.matchAll(/\$([A-Za-z]+)/g)) {
    params[param] =
      {
        groupId: s.group.id,
        programId: s.program.id,
        sessionId: name.startsWith("feedback.") || name.startsWith("sessions.$sessionId.notes.") ? ids.heldSession : name.startsWith("sessions.$sessionId._index") || name.includes("calendar") ? ids.futureSession : ids.liveSession,
        userId: s.participant.id,
        slug: s.org.slug,
        code: ids.code,
        enrolmentId: ids.enrolment,
        roundId: ids.round,
        proposalId: ids.proposal,
        concernId: ids.concern,
        recordId: ids.record,
        resourceId: ids.resource,
        evidenceId: randomUUID(),
        token: name.startsWith("calendar.") ? "0".repeat(43) + ".ics" : "0".repeat(43),
      }[param] ?? randomUUID();
  }
  return params;
}

function pathFor(name: string, params: Record<string, string>): string {
  return `/${name
    .replace(/\[|\]/g, "")
    .replace(/\$([A-Za-z]+)/g, (_m, p: string) => params[p])
    .replace(/\./g, "/")
    .replace(/\/_index$|^_index$/, "")}`;
}

describe("every route has access rules", () => {
  it("each route file has exactly one row, and each row a route file", () => {
    const files = routes.map((r) => r.name);
    const missing = files.filter((f) => !(f in EXPECTATIONS));
    const stale = Object.keys(EXPECTATIONS).filter((k) => !files.includes(k));
    expect(missing, `routes without an access row in tests/integration/auth/route-expectations.ts:\n${missing.join("\n")}`).toEqual([]);
    expect(stale, `rows for routes that no longer exist:\n${stale.join("\n")}`).toEqual([]);
    expect(files.length).toBeGreaterThan(85);
  });

  it("every role gets what its row says from every route", async () => {
    const failures: string[] = [];
    const observed: string[] = [];
    for (const { name, route } of routes) {
      const row = EXPECTATIONS[name]; // a missing row fails the test above; its statuses are still printed
      const params = paramsFor(name);
      const path = pathFor(name, params) + (row?.query ?? "");
      const method = typeof route.loader === "function" ? "GET" : "POST";
      const line: string[] = [];
      for (const who of WHO) {
        const person = people[who];
        let status: number;
        try {
          const out = await callRoute(route as never, { path, params, cookie: person?.cookie, ...(method === "POST" ? { form: {} } : {}) });
          status = out.status;
        } catch (error) {
          failures.push(`${name} as ${who} → threw ${(error as Error).message.split("\n")[0]}`);
          continue;
        }
        line.push(`${who}: ${status}`);
        if (!row) continue;
        const expected = row[who];
        const allowed = Array.isArray(expected) ? expected : [expected];
        if (!allowed.includes(status)) failures.push(`${method} ${name} as ${who} → ${status}, expected ${allowed.join(" or ")}`);
      }
      observed.push(`${name}: { ${line.join(", ")} }`);
    }
    if (process.env.PRINT_ACCESS) console.log(observed.join("\n"));
    expect(failures, failures.join("\n")).toEqual([]);
  }, 180_000);
});
