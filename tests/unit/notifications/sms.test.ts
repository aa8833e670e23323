import { describe, expect, it } from "vitest";
import { keywordOf } from "~/modules/notifications/sms/keywords";
import { checkInText, seatGivenText, confirmationCodeText, encodingOf, encodedLength, helpText, offerText, reminderText, segmentCount, sessionChangeText, withSender } from "~/modules/notifications/sms/message";
import { displayNumber, normalizeMobileNumber } from "~/modules/notifications/sms/phone";
import { signatureMatches, twilioSignature } from "~/modules/notifications/sms/signature";
import { endOfQuietHours, sendTextAt } from "~/modules/notifications/sms/quiet-hours";

describe("mobile numbers", () => {
  it("normalises what people type to E.164 in the organisation's default country", () => {
    expect(normalizeMobileNumber("(415) 555-0132", "US")).toEqual({ ok: true, e164: "+14155550132", display: "(415) 555-0132" });
    expect(normalizeMobileNumber(" 415.555.0132 ", "US")).toMatchObject({ ok: true, e164: "+14155550132" });
    expect(normalizeMobileNumber("07911 123456", "GB")).toMatchObject({ ok: true, e164: "+447911123456", display: "+44 7911 123456" });
    // A + number ignores the default country.
    expect(normalizeMobileNumber("+44 7911 123456", "US")).toMatchObject({ ok: true, e164: "+447911123456" });
    expect(normalizeMobileNumber("06 12 34 56 78", "FR")).toMatchObject({ ok: true, e164: "+33612345678" });
  });

  it("refuses numbers that are not valid or cannot receive texts, with a message", () => {
    expect(normalizeMobileNumber("", "US")).toEqual({ ok: false, message: "Enter your mobile number." });
    expect(normalizeMobileNumber("555-0100", "US")).toMatchObject({ ok: false, message: expect.stringMatching(/not a valid phone number/) });
    expect(normalizeMobileNumber("call me", "US")).toMatchObject({ ok: false, message: expect.stringMatching(/using digits/) });
    expect(normalizeMobileNumber("+44 20 7946 0958", "US")).toMatchObject({ ok: false, message: expect.stringMatching(/cannot receive text messages/) });
    expect(normalizeMobileNumber("800-555-0100", "US")).toMatchObject({ ok: false, message: expect.stringMatching(/cannot receive text messages/) });
  });

  it("falls back to US for an unknown default country and shows numbers as people read them", () => {
    expect(normalizeMobileNumber("415 555 0132", "ZZ")).toMatchObject({ ok: true, e164: "+14155550132" });
    expect(displayNumber("+14155550132")).toBe("(415) 555-0132");
    expect(displayNumber("+33612345678")).toBe("+33 6 12 34 56 78");
  });
});

describe("Twilio request signature", () => {
  // The worked example in Twilio's webhook security documentation (auth token 12345).
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params: [string, string][] = [
    ["CallSid", "CA1234567890ABCDE"],
    ["Caller", "+12349013030"],
    ["Digits", "1234"],
    ["From", "+12349013030"],
    ["To", "+18005551212"],
  ];
  it("is the base64 HMAC-SHA1 of the URL and the sorted parameters", () => {
    expect(twilioSignature("12345", url, params)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    // Order of the posted parameters does not matter: they are sorted by name.
    expect(twilioSignature("12345", url, [...params].reverse())).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });
  it("rejects a wrong, missing or differently sized signature, another URL or a changed parameter", () => {
    expect(signatureMatches("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).toBe(true);
    expect(signatureMatches("12345", url, params, null)).toBe(false);
    expect(signatureMatches("12345", url, params, "short")).toBe(false);
    expect(signatureMatches("54321", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).toBe(false);
    expect(signatureMatches("12345", "https://evil.example/myapp.php?foo=1&bar=2", params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).toBe(false);
    expect(signatureMatches("12345", url, [...params.slice(0, 4), ["To", "+18005551213"]], "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).toBe(false);
  });
});

describe("message length", () => {
  it("counts GSM-7 septets (extension characters twice) and falls back to UCS-2", () => {
    expect(encodingOf("Hello, 6:00 PM EST")).toBe("GSM-7");
    expect(encodedLength("a€[")).toBe(5);
    expect(encodingOf("Café naïve 😀")).toBe("UCS-2");
    expect(segmentCount("x".repeat(160))).toBe(1);
    expect(segmentCount("x".repeat(161))).toBe(2);
    expect(segmentCount("x".repeat(306))).toBe(2);
    expect(segmentCount("€".repeat(80))).toBe(1);
    expect(segmentCount("€".repeat(81))).toBe(2);
    expect(segmentCount("ę".repeat(70))).toBe(1);
    expect(segmentCount("ę".repeat(71))).toBe(2);
  });

  const url = "https://groups.example-agency.org/groups/6f1c2a4e-8b1d-4c3e-9f0a-1b2c3d4e5f60";
  const when = "Mon, Mar 15, 2027, 6:00 PM PDT";
  it("keeps every message in one GSM-7 segment, shortening a long organisation name", () => {
    const long = "Riverside Community Behavioral Health and Family Services Association of the Greater Valley";
    const texts = [
      reminderText({ organizationName: long, when, url }),
      offerText({ organizationName: long, until: when, url: "https://groups.example-agency.org/my/groups" }),
      sessionChangeText({ organizationName: long, change: "moved", when, newWhen: "Tue, Mar 16, 2027, 6:00 PM PDT", url: "https://groups.example-agency.org/home" }),
      sessionChangeText({ organizationName: long, change: "cancelled", when, url: "https://groups.example-agency.org/home" }),
      seatGivenText({ organizationName: long, url: "https://groups.example-agency.org/my/groups" }),
      checkInText({ organizationName: long, when: "6:00 PM PDT", url: "https://groups.example-agency.org/checkin" }),
      confirmationCodeText(long, "123456"),
      helpText({ organizationName: long, contactPhone: "(555) 010-1000", contactEmail: "hello@riverside.org", url: "https://groups.example-agency.org" }),
    ];
    for (const text of texts) {
      expect(encodingOf(text), text).toBe("GSM-7");
      expect(encodedLength(text), text).toBeLessThanOrEqual(160);
    }
    expect(texts[0]).toContain(url);
    expect(texts[0]).toContain(when);
    // With a long link the name gives way entirely; with a short one it is shortened to fit.
    expect(texts[0]).toMatch(/^reminder, your group meets/);
    const short = reminderText({ organizationName: long, when, url: "https://groups.example.org/groups/42" });
    expect(short).toMatch(/^Riverside Community.*\.\.\.: reminder/);
    expect(encodedLength(short)).toBeGreaterThan(150);
    expect(encodedLength(short)).toBeLessThanOrEqual(160);
  });

  it("names the organisation in full when it fits, with plain quotes instead of typographic ones", () => {
    expect(withSender("Maria’s Place", "hello")).toBe("Maria's Place: hello");
    expect(reminderText({ organizationName: "Riverside", when, url: "https://g.example/groups/1" })).toBe(`Riverside: reminder, your group meets ${when}. https://g.example/groups/1 Reply STOP to opt out`);
  });

  it("never names the group: a text carries the organisation, a time and a link only", () => {
    const text = reminderText({ organizationName: "Riverside", when, url });
    expect(text).not.toMatch(/recovery|group name/i);
  });
});

describe("inbound keywords", () => {
  it("recognises the carrier opt-out, opt-in and help words, whole message only", () => {
    for (const word of ["STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT", "Stop."]) expect(keywordOf(word), word).toBe("stop");
    for (const word of ["START", "unstop"]) expect(keywordOf(word), word).toBe("start");
    for (const word of ["HELP", "info"]) expect(keywordOf(word), word).toBe("help");
    for (const word of ["please stop texting", "yes", "", "STOP IT"]) expect(keywordOf(word), word).toBe("other");
  });
});

describe("the webhook's exemption from the Origin check", () => {
  it("is exactly POST /webhooks/sms and /webhooks/sms-status: no other path or method", async () => {
    const { isSignedWebhook } = await import("~/web/server.server");
    expect(isSignedWebhook({ method: "POST", path: "/webhooks/sms" })).toBe(true);
    expect(isSignedWebhook({ method: "POST", path: "/webhooks/sms-status" })).toBe(true);
    expect(isSignedWebhook({ method: "GET", path: "/webhooks/sms" })).toBe(false);
    expect(isSignedWebhook({ method: "POST", path: "/webhooks/sms/" })).toBe(false);
    expect(isSignedWebhook({ method: "POST", path: "/webhooks/smsx" })).toBe(false);
    expect(isSignedWebhook({ method: "POST", path: "/profile" })).toBe(false);
  });
});

describe("quiet hours (21:00–08:00 in the recipient's zone)", () => {
  const at = (iso: string) => new Date(iso);
  it("sends at once during the day and holds a text until 08:00 at night, in the person's own zone", () => {
    // 14:00 in New York (EST, UTC-5): at once.
    expect(endOfQuietHours(at("2027-01-15T19:00:00Z"), "America/New_York")).toEqual(at("2027-01-15T19:00:00Z"));
    // 21:00 sharp is quiet; 07:59 too; 08:00 is not.
    expect(endOfQuietHours(at("2027-01-16T02:00:00Z"), "America/New_York")).toEqual(at("2027-01-16T13:00:00Z"));
    expect(endOfQuietHours(at("2027-01-16T12:59:00Z"), "America/New_York")).toEqual(at("2027-01-16T13:00:00Z"));
    expect(endOfQuietHours(at("2027-01-16T13:00:00Z"), "America/New_York")).toEqual(at("2027-01-16T13:00:00Z"));
    // The same instant is mid-afternoon in Auckland (NZDT, UTC+13): at once.
    expect(endOfQuietHours(at("2027-01-16T02:00:00Z"), "Pacific/Auckland")).toEqual(at("2027-01-16T02:00:00Z"));
  });

  it("ends quiet hours at 08:00 local across a clock change", () => {
    // 23:00 EST on Sat 13 Mar 2027; clocks go forward at 02:00, so 08:00 next morning is EDT (12:00Z).
    expect(endOfQuietHours(at("2027-03-14T04:00:00Z"), "America/New_York")).toEqual(at("2027-03-14T12:00:00Z"));
  });

  it("sends an urgent text at once: when waiting would bring it after its deadline", () => {
    const night = at("2027-01-16T03:30:00Z"); // 22:30 in New York
    expect(sendTextAt(night, "America/New_York", at("2027-01-17T00:00:00Z"))).toEqual(at("2027-01-16T13:00:00Z"));
    // A session at 07:30 the next morning: the reminder cannot wait for 08:00.
    expect(sendTextAt(night, "America/New_York", at("2027-01-16T12:30:00Z"))).toEqual(night);
    expect(sendTextAt(night, "America/New_York", null)).toEqual(at("2027-01-16T13:00:00Z"));
  });
});
