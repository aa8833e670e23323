import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";
import { countryRefusal } from "~/modules/notifications/sms/phone";

describe("which countries' mobiles may be texted", () => {
  it("allows only the listed countries, and says which ones in words", () => {
    expect(countryRefusal("+14155550132", ["US"])).toBeNull();
    expect(countryRefusal("+2348031234567", ["US"])).toBe("We can text only mobile numbers in the United States. Enter a mobile number from there.");
    // A +1 number is not always the United States: Canada is its own country.
    expect(countryRefusal("+14165550132", ["US"])).toMatch(/only mobile numbers in the United States/);
    expect(countryRefusal("+14165550132", ["US", "CA"])).toBeNull();
    expect(countryRefusal("+447911123456", ["US", "CA", "MX"])).toBe("We can text only mobile numbers in the United States, Canada or Mexico. Enter a mobile number from there.");
    expect(countryRefusal("+447400123456", ["GB"])).toBeNull();
  });

  it("reads SMS_ALLOWED_COUNTRIES and SMS_CODES_PER_ORG_PER_DAY, refusing bad values with one line naming the variable", () => {
    expect(parseConfig({}).smsAllowedCountries).toBeUndefined();
    expect(parseConfig({}).smsCodesPerOrgPerDay).toBe(200);
    expect(parseConfig({ SMS_ALLOWED_COUNTRIES: " us, CA ,US" }).smsAllowedCountries).toEqual(["US", "CA"]);
    expect(parseConfig({ SMS_CODES_PER_ORG_PER_DAY: "50" }).smsCodesPerOrgPerDay).toBe(50);
    const refusal = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refusal({ SMS_ALLOWED_COUNTRIES: "US,XX,Canada" })).toBe('SMS_ALLOWED_COUNTRIES must be two-letter country codes separated by commas, like US,CA (not a country: "XX", "CANADA").');
    expect(refusal({ SMS_CODES_PER_ORG_PER_DAY: "0" })).toMatch(/^SMS_CODES_PER_ORG_PER_DAY must be a whole number from 1/);
  });
});
