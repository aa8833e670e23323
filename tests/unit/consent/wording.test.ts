import { describe, expect, it } from "vitest";
import { CHOICE_KINDS, CONSENT_KINDS, CONSENT_TEXT, consentExpiry, isSubstanceUseGroup, REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { intakeSchema } from "~/modules/registration/schema";

describe("consent wording", () => {
  it("states for every kind what is shared, with whom, why and what a no means", () => {
    for (const kind of CONSENT_KINDS) {
      const text = CONSENT_TEXT[kind];
      for (const part of [text.title, text.wording, text.toWhom, text.purpose, text.ifNo]) expect(part.length).toBeGreaterThan(10);
    }
    // Taking part is an acknowledgement, not a choice the group could not honour.
    expect(CHOICE_KINDS).not.toContain("participation");
    expect(CONSENT_TEXT.participation.wording).toMatch(/facilitators .* see my name/);
  });

  it("lets a yes to sharing lapse after 12 months and the acknowledgement last while in the group", () => {
    const given = new Date("2026-02-28T12:00:00Z");
    expect(consentExpiry("classmates", given)?.toISOString()).toBe("2027-02-28T12:00:00.000Z");
    expect(consentExpiry("facilitator_contact", given)?.toISOString()).toBe("2027-02-28T12:00:00.000Z");
    expect(consentExpiry("participation", given)).toBeNull();
  });

  it("treats peer recovery groups as substance-use participation, and carries the 42 CFR 2.32 notice text", () => {
    expect(isSubstanceUseGroup("peer_recovery_group")).toBe(true);
    for (const kind of ["class", "workshop", "drop_in"]) expect(isSubstanceUseGroup(kind)).toBe(false);
    expect(REDISCLOSURE_NOTICE_42_CFR_2_32).toMatch(/^This record which has been disclosed to you is protected by Federal confidentiality rules \(42 CFR part 2\)/);
    expect(REDISCLOSURE_NOTICE_42_CFR_2_32).toMatch(/A general authorization for the release of medical or other information is NOT sufficient/);
  });
});

describe("the intake's consent fields", () => {
  const base = { urgent: "no", preferredContact: "email", language: "English" };
  it("needs the participant's own acknowledgement, or a spoken one attested by staff", () => {
    for (const extra of [{}, { consentMode: "verbal" }]) {
      const result = intakeSchema.safeParse({ ...base, ...extra });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path[0])).toContain("consentParticipation");
    }
  });
  it("leaves everything to the participant when staff choose 'pending', and keeps the optional answers apart", () => {
    const pending = intakeSchema.parse({ ...base, consentMode: "pending" });
    expect(pending).toMatchObject({ consentMode: "pending", consentParticipation: false, consentRosterSharing: false, consentClassmates: false });
    const self = intakeSchema.parse({ ...base, consentParticipation: "yes", consentClassmates: "yes" });
    expect(self).toMatchObject({ consentParticipation: true, consentRosterSharing: false, consentClassmates: true });
    expect(intakeSchema.safeParse({ ...base, consentParticipation: "yes", consentMode: "whatever" }).success).toBe(false);
  });
});
