import { beforeAll, describe, expect, it } from "vitest";
import * as codePage from "~/routes/c.$code";
import * as checkinPage from "~/routes/checkin";
import * as checkinScreen from "~/routes/sessions.$sessionId.checkin";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { watchTableChanges } from "../../factories/table-changes";

/**
 * The check-in projector page shows a rotating code on every load (and reloads itself every 20
 * seconds): the code is derived from the session and the time, so opening it changes no row of
 * any table — neither does opening the participant's check-in pages.
 */
let s: Scenario;
let sessionId: string;
let watch: Awaited<ReturnType<typeof watchTableChanges>>;

beforeAll(async () => {
  s = await createOrgScenario();
  // A session that started two minutes ago: its check-in window is open while this file runs.
  sessionId = (await createSessionAt(s.group.id, s.org.id, new Date(Date.now() - 2 * 60_000))).id;
  watch = await watchTableChanges({}, { auth_sessions: { columns: ["last_seen_at"], why: "any signed-in request refreshes it (at most every 30 s) for the idle logout" } });
});

describe("check-in: GET never writes (issue 15)", () => {
  it("the projector page shows a code to the facilitator and a manager, again and again, and no table changes", async () => {
    const shown: string[] = [];
    for (const person of [s.facilitator, s.manager, s.facilitator]) {
      const out = await callRoute(checkinScreen, { path: `/sessions/${sessionId}/checkin`, params: { sessionId }, cookie: person.cookie });
      expect(out.status).toBe(200);
      const data = out.data as { code: { code: string } | null; link: string | null };
      expect(data.code?.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      expect(data.link).toMatch(new RegExp(`/c/${data.code!.code}$`));
      shown.push(data.code!.code);
      expect(await watch.changes()).toEqual([]);
    }
    // Every screen shows the session's one code of the moment (unless a 5-minute slot ended between the loads).
    expect(new Set(shown).size).toBeLessThanOrEqual(2);
  });

  it("the participant's check-in pages (the QR link and the form) change no row either", async () => {
    const code = ((await callRoute(checkinScreen, { path: `/sessions/${sessionId}/checkin`, params: { sessionId }, cookie: s.facilitator.cookie })).data as { code: { code: string } }).code.code;
    const link = await callRoute(codePage, { path: `/c/${code}`, params: { code }, cookie: s.participant.cookie });
    expect(link.status).toBe(200);
    expect(link.data).toMatchObject({ ok: true, code });
    expect((await callRoute(checkinPage, { path: "/checkin", cookie: s.participant.cookie })).status).toBe(200);
    expect(await watch.changes()).toEqual([]);
    // A wrong code is the one thing counted (the limit on guessing codes), and nothing else changes.
    expect((await callRoute(codePage, { path: "/c/ZZZZZZ", params: { code: "ZZZZZZ" }, cookie: s.participant.cookie })).data).toMatchObject({ ok: false });
    expect((await watch.changes()).map((c) => c.table)).toEqual(["rate_limit_events"]);
  });
});
