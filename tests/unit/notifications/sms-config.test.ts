import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";

const twilio = { SMS_PROVIDER_URL: "https://api.twilio.com", SMS_ACCOUNT_SID: `AC${"a1".repeat(16)}`, SMS_AUTH_TOKEN: "0123456789abcdef0123", SMS_FROM: "+15550100200" };

function refusal(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("text-message configuration", () => {
  it("writes texts as files under .data/sms when no provider is configured", () => {
    const cfg = parseConfig({});
    expect(cfg.sms).toBeUndefined();
    expect(cfg.smsDir.endsWith("/.data/sms")).toBe(true);
  });

  it("uses the provider when all four variables are set", () => {
    expect(parseConfig(twilio).sms).toEqual({ providerUrl: "https://api.twilio.com", accountSid: twilio.SMS_ACCOUNT_SID, authToken: twilio.SMS_AUTH_TOKEN, from: "+15550100200" });
    // A local fake server for tests may be plain http; any other host must be https.
    expect(parseConfig({ ...twilio, SMS_PROVIDER_URL: "http://127.0.0.1:4010" }).sms?.providerUrl).toBe("http://127.0.0.1:4010");
  });

  it("refuses a partial provider configuration, naming what is missing", () => {
    expect(refusal({ ...twilio, SMS_AUTH_TOKEN: undefined })).toMatch(/^SMS_AUTH_TOKEN must be set too/);
    expect(refusal({ SMS_PROVIDER_URL: twilio.SMS_PROVIDER_URL })).toMatch(/^SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM must be set too/);
  });

  it("refuses malformed values with one line naming the variable", () => {
    expect(refusal({ ...twilio, SMS_PROVIDER_URL: "http://api.twilio.com" })).toMatch(/^SMS_PROVIDER_URL must be the provider's https:\/\/ origin/);
    expect(refusal({ ...twilio, SMS_PROVIDER_URL: "https://api.twilio.com/2010-04-01" })).toMatch(/^SMS_PROVIDER_URL/);
    expect(refusal({ ...twilio, SMS_ACCOUNT_SID: "AC123" })).toMatch(/^SMS_ACCOUNT_SID must be/);
    expect(refusal({ ...twilio, SMS_AUTH_TOKEN: "short" })).toMatch(/^SMS_AUTH_TOKEN must be/);
    expect(refusal({ ...twilio, SMS_FROM: "(555) 010-0200" })).toMatch(/^SMS_FROM must be the sending number in international form/);
  });
});
