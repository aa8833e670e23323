import { beforeAll, describe, expect, it } from "vitest";
import * as codePage from "~/routes/c.$code";
import * as checkinScreen from "~/routes/sessions.$sessionId.checkin";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { watchTableChanges } from "../../factories/table-changes";

/**
 * Hostile review dec6c #7: ten navigations another site (or a fake QR sticker's page) makes to
 * /c/<junk> counted as ten wrong codes and stopped the participant's self check-in for an hour.
 * A cross-site /c/:code now looks nothing up: it asks the person to confirm, naming no group.
 */
let s: Scenario;
let sessionId: string;
const CROSS_SITE = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", referer: "https://evil.example/qr" };

beforeAll(async () => {
  s = await createOrgScenario();
  sessionId = (await createSessionAt(s.group.id, s.org.id, new Date(Date.now() - 2 * 60_000))).id;
});

const open = (code: string, headers: Record<string, string>) => callRoute(codePage, { path: `/c/${code}`, params: { code }, cookie: s.participant.cookie, headers });

describe("a check-in link opened from another site (dec6c #7)", () => {
  it("ten cross-site wrong codes count nothing, and the right code then still opens the session", async () => {
    const watch = await watchTableChanges({}, { auth_sessions: { columns: ["last_seen_at"], why: "any signed-in request refreshes it for the idle logout" } });
    for (const junk of ["ZZZZZA", "ZZZZZB", "ZZZZZC", "ZZZZZD", "ZZZZZE", "ZZZZZF", "ZZZZZG", "ZZZZZH", "ZZZZZJ", "ZZZZZK"]) {
      const out = await open(junk, CROSS_SITE);
      expect(out.status).toBe(200);
      expect(out.data).toEqual({ ok: "confirm", code: junk });
    }
    // Junk that is not even a code's shape: no code echoed back onto the page.
    expect((await open("CALL-555-0100-NOW", CROSS_SITE)).data).toEqual({ ok: "confirm", code: null });
    expect(await watch.changes()).toEqual([]);

    const code = ((await callRoute(checkinScreen, { path: `/sessions/${sessionId}/checkin`, params: { sessionId }, cookie: s.facilitator.cookie })).data as { code: { code: string } }).code.code;
    // The right code from another site: still only the question, no group name.
    const asked = await open(code, CROSS_SITE);
    expect(asked.data).toEqual({ ok: "confirm", code });
    expect(JSON.stringify(asked.data)).not.toContain(s.group.name);
    // Confirmed from the app's own page (or opened by the camera: Sec-Fetch-Site none): the session.
    for (const headers of [{ "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }]) {
      const shown = await open(code, headers);
      expect(shown.data).toMatchObject({ ok: true, code, groupName: s.group.name });
    }
  });

  it("wrong codes the person types or scans here are still counted (the guessing limit stands)", async () => {
    let last: unknown;
    for (let i = 0; i < 11; i++) last = (await open("YYYYYY", { "sec-fetch-site": "same-origin" })).data;
    expect(last).toMatchObject({ ok: false, message: expect.stringContaining("Too many requests") });
  });
});
