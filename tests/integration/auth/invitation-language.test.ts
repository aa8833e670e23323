import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { invitations, users } from "~/db/schema";
import { localeCookieHeader } from "~/i18n/locale.server";
import { sha256 } from "~/modules/auth/tokens.server";
import * as invitePage from "~/routes/invite.$token";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * The invitation page opens in the language the inviter chose for the invitee (invitations.locale),
 * whatever the invitee's browser asks for, unless the reader chose one: the header's switch
 * (signed out) or their own account's language (signed in). An invitation from before the choice,
 * or one that no longer works, follows the browser as every signed-out page.
 */
let s: Scenario;
const week = () => new Date(Date.now() + 7 * 86_400_000);

async function invite(token: string, locale: string | null, expiresAt = week()) {
  await db.insert(invitations).values({ organizationId: s.org.id, email: `${token}@invitee.example`, role: "facilitator", locale, tokenHash: sha256(token), expiresAt });
}

async function pageLocale(token: string, headers: Record<string, string>, cookie?: string) {
  const res = await callRoute(invitePage, { path: `/invite/${token}`, params: { token }, headers, cookie });
  expect(res.status).toBe(200);
  return (res.data as { pageLocale: string }).pageLocale;
}

beforeAll(async () => {
  s = await createOrgScenario();
  await invite("lang-es-es", "es-ES");
  await invite("lang-en-gb", "en-GB");
  await invite("lang-none", null);
  await invite("lang-expired-es", "es-ES", new Date(Date.now() - 60_000));
});

describe("the invitation page's language", () => {
  it("is the invitation's, although the browser asks for another", async () => {
    expect(await pageLocale("lang-es-es", { "accept-language": "en-US,en;q=0.9" })).toBe("es-ES");
    expect(await pageLocale("lang-en-gb", { "accept-language": "es-MX,es;q=0.9" })).toBe("en-GB");
  });

  it("is the reader's own choice when they made one: the header's switch, or a signed-in account's language", async () => {
    const switched = (await localeCookieHeader("en-US")).split(";")[0];
    expect(await pageLocale("lang-es-es", { "accept-language": "es-ES" }, switched)).toBe("en-US");
    await db.update(users).set({ locale: "en-GB" }).where(eq(users.id, s.manager.id));
    expect(await pageLocale("lang-es-es", {}, s.manager.cookie)).toBe("en-GB");
  });

  it("follows the browser for an invitation from before the choice and for one that no longer works", async () => {
    expect(await pageLocale("lang-none", { "accept-language": "es-MX,es;q=0.9" })).toBe("es-US");
    expect(await pageLocale("lang-none", { "accept-language": "en-US" })).toBe("en-US");
    expect(await pageLocale("lang-expired-es", { "accept-language": "en-US" })).toBe("en-US");
    expect(await pageLocale("no-such-token", { "accept-language": "es-ES" })).toBe("es-ES");
  });
});
