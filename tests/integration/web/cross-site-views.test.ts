import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, sessions } from "~/db/schema";
import { createRoundAs } from "../../factories/scheduling";
import { intakeForm } from "../../factories/registration";
import { callRoute, type Outcome } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";
import { EXPECTATIONS } from "../auth/route-expectations";
import * as register from "~/routes/groups.$groupId.register";
import * as openPage from "~/routes/open";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { saveProgressNote } from "~/modules/records/mutations.server";
import { rawRequest } from "../../factories/http";
import { startAppServer, type AppServer } from "../../setup/app-server";

/**
 * A staff page that records a view of people's records (a roster, an intake, notes, a plan, figures
 * naming people) recorded it when another site opened it: a link or a redirect elsewhere
 * (SameSite=Lax sends the session cookie on a top-level GET) or a frame (the browser refuses to show
 * it only after the server answered) wrote "viewed roster" into people's disclosure history for a
 * page nobody chose to open. Now such a request gets "Open this page?" (confirmRecordedView, the
 * rule of downloads and check-in links) and records nothing until the person continues from the
 * app; typed addresses, bookmarks and the app's own links record as before.
 *
 * Found by what the pages do, not by a list: every page is opened as a manager and an
 * administrator who have seen nothing yet, the group's facilitator and a participant, with real
 * ids; the pages that wrote audit rows when opened from the app must ask first, and no page may
 * write anything when another site opened it.
 */

type RouteModule = { loader?: (...args: never[]) => unknown; default?: unknown };
const modules = import.meta.glob<RouteModule>("../../../app/routes/*.{ts,tsx}", { eager: true });
/** Every page (a loader and a page component): resource routes (files) have their own guard, startDownload. */
const pages = Object.entries(modules)
  .filter(([, m]) => typeof m.loader === "function" && typeof m.default === "function")
  .map(([file, route]) => ({ name: file.split("/").pop()!.replace(/\.tsx?$/, ""), file: path.resolve("app/routes", file.split("/").pop()!), route }))
  .sort((a, b) => a.name.localeCompare(b.name));
/** The pages whose loader asks first when another site opened them. */
const asking = new Set(pages.filter((p) => readFileSync(p.file, "utf8").includes("confirmRecordedView(request, user)")).map((p) => p.name));

let s: Scenario;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await createOrgScenario();
  const [future] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
  ids.futureSession = future.id;
  ids.heldSession = (await createHeldSession(s)).id;
  const applicant = await createPerson(s.org, "participant");
  const registered = await callRoute(register, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: s.manager.cookie, form: intakeForm({ participantId: applicant.id }) });
  if (registered.status >= 400) throw new Error(`registration failed: ${registered.status}`);
  const [enrolment] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, applicant.id)));
  ids.enrolment = enrolment.id;
  ids.applicant = applicant.id;
  ids.round = await createRoundAs(s.manager, s.group.id);
  // A progress note and a one-to-one contact about the participant, so their pages record a view.
  await saveProgressNote(s.facilitator, ids.heldSession, s.participant.id, { workedOn: "A weekly budget", progressRating: 3, nextStep: "", minutesOfService: 60, planLink: "" }, new Date());
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  ids.contact = (await saveContact(s.manager, s.participant.id, null, { contactDate: yesterday, minutes: 45, mode: "phone", component: "advocacy", planLink: "", note: "Called about housing." }, new Date())).contactId;
}, 60_000);

function paramsFor(name: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, param] of name.matchAll(/\$([A-Za-z]+)/g)) {
    params[param] =
      {
        groupId: s.group.id,
        programId: s.program.id,
        sessionId: name.startsWith("sessions.$sessionId._index") ? ids.futureSession : ids.heldSession,
        userId: name.startsWith("intake") ? ids.applicant : s.participant.id,
        slug: s.org.slug,
        enrolmentId: ids.enrolment,
        roundId: ids.round,
        contactId: ids.contact,
      }[param] ?? "00000000-0000-4000-8000-000000000000";
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
const auditCount = async () => (await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.organizationId, s.org.id))).length;

/** Opens every page as `viewer` with the given request headers; the pages whose opening wrote audit rows, and each answer. */
async function openEveryPage(viewers: () => Promise<Person[]>, headers: Record<string, string>) {
  const wrote = new Map<string, number>();
  const answers = new Map<string, Outcome[]>();
  for (const { name, route } of pages) {
    const params = paramsFor(name);
    const path = pathFor(name, params) + (EXPECTATIONS[name]?.query ?? "");
    for (const viewer of await viewers()) {
      const before = await auditCount();
      const out = await callRoute(route as never, { path, params, cookie: viewer.cookie, headers });
      const written = (await auditCount()) - before;
      if (written > 0) wrote.set(name, (wrote.get(name) ?? 0) + written);
      answers.set(name, [...(answers.get(name) ?? []), out]);
    }
  }
  return { wrote, answers };
}
/** A manager and an administrator who have seen nothing yet (a view is recorded once a day), the group's facilitator and participant. */
const freshViewers = async () => [await createPerson(s.org, "manager"), await createPerson(s.org, "admin"), s.facilitator, s.participant];

const CROSS_SITE = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", referer: "https://elsewhere.example/page" };
let fromApp: Map<string, number>;

describe("a page that records a view, opened from another site, asks first and records nothing", () => {
  it("no page writes anything when another site opened it; every page that records a view sends staff to 'Open this page?'", async () => {
    const wrongAnswers: string[] = [];
    const { wrote, answers } = await openEveryPage(freshViewers, CROSS_SITE);
    expect([...wrote.keys()], "pages that recorded something when another site opened them").toEqual([]);
    for (const name of asking) {
      const params = paramsFor(name);
      const expected = `/open?${new URLSearchParams({ to: pathFor(name, params) + (EXPECTATIONS[name]?.query ?? "") })}`;
      const [manager, admin, facilitator] = answers.get(name)!;
      for (const [who, out] of Object.entries({ manager, admin, facilitator })) {
        // A facilitator refused the page (not theirs) may be refused before the question; never shown it.
        if (who === "facilitator" && out.status === 403) continue;
        if (out.status !== 302 || out.location !== expected) wrongAnswers.push(`${name} as ${who}: ${out.status} ${out.location ?? ""}`);
      }
    }
    expect(wrongAnswers).toEqual([]);
  }, 300_000);

  it("opened from the app, the same pages record as before; every page that records a view asks first", async () => {
    ({ wrote: fromApp } = await openEveryPage(freshViewers, { "sec-fetch-site": "same-origin", referer: "http://test.local/home" }));
    expect(fromApp.size).toBeGreaterThanOrEqual(20);
    expect([...fromApp.keys()]).toEqual(
      expect.arrayContaining(["groups.$groupId._index", "sessions.$sessionId.roster", "sessions.$sessionId.sheet", "intake.$enrolmentId", "participants.$userId.plan", "sessions.$sessionId.notes.$userId", "participants.$userId.contacts.$contactId"]),
    );
    const unasked = [...fromApp.keys()].filter((name) => !asking.has(name));
    expect(unasked, "pages that record a view without confirmRecordedView").toEqual([]);
  }, 300_000);

  it("typed or bookmarked (Sec-Fetch-Site: none), and from an older browser sending neither header, they record as before", async () => {
    const onlyNew = async () => [await createPerson(s.org, "manager"), await createPerson(s.org, "admin")];
    const typed = await openEveryPage(onlyNew, { "sec-fetch-site": "none" });
    const plain = await openEveryPage(onlyNew, {});
    expect([...typed.wrote.keys()].sort()).toEqual([...fromApp.keys()].sort());
    expect([...plain.wrote.keys()].sort()).toEqual([...fromApp.keys()].sort());
  }, 300_000);

  it("a participant is not asked: nothing is recorded for them", async () => {
    const params = paramsFor("groups.$groupId._index");
    const out = await callRoute(modules["../../../app/routes/groups.$groupId._index.tsx"] as never, { path: pathFor("groups.$groupId._index", params), params, cookie: s.participant.cookie, headers: CROSS_SITE });
    expect(out.status).toBe(200);
  });

  it("'Open this page?' links only to an address of this site, and records nothing", async () => {
    const before = await auditCount();
    const open = async (to: string) => (await callRoute(openPage, { path: `/open?${new URLSearchParams({ to })}`, cookie: s.manager.cookie, headers: CROSS_SITE })).data;
    expect(await open(`/groups/${s.group.id}?tab=roster`)).toEqual({ to: `/groups/${s.group.id}?tab=roster` });
    for (const bad of ["//elsewhere.example/x", "https://elsewhere.example/", "/\\elsewhere.example", "javascript:alert(1)"]) expect(await open(bad)).toEqual({ to: "/home" });
    expect(await auditCount()).toBe(before);
  });
});

describe("through the built app", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a roster opened from another site shows 'Open this page?' with a link to it, and records nothing until it is followed from the app", async () => {
    const viewer = await createPerson(s.org, "manager");
    const roster = `/sessions/${ids.heldSession}/roster`;
    const before = await auditCount();
    const starts: Record<string, string>[] = [CROSS_SITE, { "sec-fetch-site": "same-site" }, { referer: "https://elsewhere.example/" }, { "sec-fetch-site": "cross-site", "sec-fetch-dest": "iframe" }];
    for (const headers of starts) {
      for (const spelling of [roster, `${roster}/`, `${roster}.data`]) {
        const res = await rawRequest(app.baseUrl, { path: spelling, headers: { cookie: viewer.cookie, ...headers } });
        // A single-fetch data request carries its redirect in the answer (202), as Remix's client expects.
        const sentOn = spelling.endsWith(".data") ? res.status === 202 && res.body.includes("/open?") : res.status === 302 && String(res.headers.location).startsWith("/open?");
        expect({ spelling, headers, sentOn }).toEqual({ spelling, headers, sentOn: true });
      }
    }
    const first = await rawRequest(app.baseUrl, { path: roster, headers: { cookie: viewer.cookie, ...CROSS_SITE } });
    const location = String(first.headers.location);
    expect(location).toBe(`/open?${new URLSearchParams({ to: roster })}`);
    const page = await rawRequest(app.baseUrl, { path: location, headers: { cookie: viewer.cookie, ...CROSS_SITE } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Open this page?");
    expect(page.body).toContain(`href="${roster}"`);
    expect(await auditCount()).toBe(before);
    // Followed from the app: the roster opens and its view is recorded.
    const opened = await rawRequest(app.baseUrl, { path: roster, headers: { cookie: viewer.cookie, "sec-fetch-site": "same-origin", referer: `${app.baseUrl}${location}` } });
    expect(opened.status).toBe(200);
    expect(await auditCount()).toBeGreaterThan(before);
  });
});
