import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { consents } from "~/db/tables/consent";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import { addPhone, confirmPhone, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { twilioSignature } from "~/modules/notifications/sms/signature";
import { rawRequest } from "../../factories/http";
import { createOrgScenario, createPerson, type Person } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

const SID = `AC${"2e".repeat(16)}`;
const TOKEN = "http-test-auth-token-0123456789";

/**
 * The inbound webhook over real HTTP through the whole server: the provider's POST carries no
 * Origin, so /webhooks/sms alone is exempt from the Origin check, and the signature (over APP_URL,
 * not the Host header) decides. Every other form still needs our Origin.
 */
describe("POST /webhooks/sms over HTTP", () => {
  let app: AppServer;
  let person: Person;
  beforeAll(async () => {
    app = await startAppServer({ env: { SMS_PROVIDER_URL: "http://127.0.0.1:9", SMS_ACCOUNT_SID: SID, SMS_AUTH_TOKEN: TOKEN, SMS_FROM: "+15550001111" } });
    const s = await createOrgScenario();
    person = await createPerson(s.org, "participant");
    await addPhone(person, "+1 415 555 0161");
    const [code] = await db.select().from(smsOutbox).where(eq(smsOutbox.userId, person.id)).orderBy(desc(smsOutbox.id)).limit(1);
    expect(await confirmPhone(person, /your code is (\d{6})/.exec(code.body)![1])).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders"]);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (fields: Record<string, string>, signature: string, headers: Record<string, string> = {}) =>
    rawRequest(app.baseUrl, {
      path: "/webhooks/sms",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  it("refuses an unsigned STOP (403) and a STOP signed over a forged Host, changing nothing", async () => {
    const fields = { AccountSid: SID, From: "+14155550161", To: "+15550001111", Body: "STOP" };
    const unsigned = await post(fields, "");
    expect(unsigned.status).toBe(403);
    expect(unsigned.body).toBe("Signature check failed.");
    // Signed for the URL the client claims (its Host), not APP_URL: refused.
    const forged = await post(fields, twilioSignature(TOKEN, "http://evil.example/webhooks/sms", Object.entries(fields)), { host: "evil.example" });
    expect(forged.status).toBe(403);
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(phone.stoppedAt).toBeNull();
  });

  it("accepts a signed STOP without any Origin header and ends the person's texts", async () => {
    const fields = { AccountSid: SID, From: "+14155550161", To: "+15550001111", Body: "Stop" };
    const res = await post(fields, twilioSignature(TOKEN, `${app.baseUrl}/webhooks/sms`, Object.entries(fields)));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/xml/);
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(phone.stoppedAt).not.toBeNull();
    const current = await db.select().from(consents).where(and(eq(consents.userId, person.id), isNull(consents.revokedAt)));
    expect(current.map((c) => [c.kind, c.status, c.source])).toEqual([["sms_session_reminders", "refused", "sms_keyword"]]);
  });

  it("keeps the Origin check for every other form post", async () => {
    const res = await rawRequest(app.baseUrl, { path: "/profile", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "intent=phone-remove" });
    expect(res.status).toBe(403);
    expect(res.body).toContain("sent from another site");
  });
});
