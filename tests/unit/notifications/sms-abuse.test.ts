import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";
import { keywordOf } from "~/modules/notifications/sms/keywords";
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

describe("opt-out words carriers and Twilio honour", () => {
  it("stops on REVOKE, OPTOUT, OPT-OUT, the Spanish BAJA, PARAR, ALTO, the French ARRET, and fullwidth or accented forms", () => {
    for (const word of ["REVOKE", "revoke", "OPTOUT", "OPT-OUT", "opt out", "Opt-Out.", "BAJA", "baja", "PARAR", "Alto", "ALTO!", "ARRET", "Arrêt", "ＳＴＯＰ", "ｓｔｏｐ", "\u00A0STOP\u200B"]) {
      expect(keywordOf(word), JSON.stringify(word)).toBe("stop");
    }
    expect(keywordOf("AYUDA")).toBe("help");
    for (const word of ["alto al fuego", "bajar", "no me des de baja", "STOP IT"]) expect(keywordOf(word), word).toBe("other");
  });

  it("honours Twilio's OptOutType (STOP, START, HELP) over the words when the provider sends it", () => {
    expect(keywordOf("Detener por favor", "STOP")).toBe("stop");
    expect(keywordOf("ok", "START")).toBe("start");
    expect(keywordOf("?", "HELP")).toBe("help");
    expect(keywordOf("STOP", "")).toBe("stop");
    expect(keywordOf("hello", "SOMETHING-NEW")).toBe("other");
  });
});
