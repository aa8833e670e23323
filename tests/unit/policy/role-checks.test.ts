import { describe, expect, it } from "vitest";
import { canSelfCheckIn, canSendApology } from "~/modules/attendance/policy";
import type { CurrentUser, Role } from "~/modules/auth/policy";
import { followsOwnSessionsOnly } from "~/modules/calendar/policy";
import { givesConsents } from "~/modules/consent/policy";
import { viewsGroupAsMember } from "~/modules/groups/policy";
import { canEditOrganization } from "~/modules/orgs/policy";
import { publicViewerKind } from "~/modules/registration/policy";
import { canBeRoundInvitee } from "~/modules/scheduling/policy";
import { canEditVoiceSettings, canGiveFeedback, seesOwnGroupsChangesOnly } from "~/modules/voice/policy";

const ROLES: Role[] = ["participant", "facilitator", "manager", "admin"];

const as = (role: Role): CurrentUser => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "Someone",
  email: "someone@example.org",
  timezone: "UTC",
  locale: "en-US",
  role,
  organizationId: "00000000-0000-4000-8000-0000000000aa",
  organizationSlug: "org",
  organizationName: "Org",
  sessionIdHash: "x",
});

/** The roles for which a check says yes. */
const allowed = (check: (user: CurrentUser) => boolean) => ROLES.filter((role) => check(as(role)));

describe("role checks that used to sit inline in .server.ts files", () => {
  it("only participants check in with a code, send apologies, give feedback and consents, and are invited to rounds", () => {
    for (const check of [canSelfCheckIn, canSendApology, canGiveFeedback, givesConsents, canBeRoundInvitee]) {
      expect(allowed(check), check.name).toEqual(["participant"]);
    }
  });

  it("participants see groups and calendars as members only; staff see them whole", () => {
    expect(allowed(viewsGroupAsMember)).toEqual(["participant"]);
    expect(allowed(followsOwnSessionsOnly)).toEqual(["participant"]);
    expect(allowed(seesOwnGroupsChangesOnly)).toEqual(["participant"]);
  });

  it("tells who looks at an organisation's public pages", () => {
    expect(publicViewerKind(null, as("admin").organizationId)).toBe("anonymous");
    expect(publicViewerKind(as("manager"), "00000000-0000-4000-8000-0000000000bb")).toBe("elsewhere");
    expect(ROLES.map((role) => publicViewerKind(as(role), as(role).organizationId))).toEqual(["member", "staff", "staff", "staff"]);
  });

  it("only the administrator changes the organisation's details and logo", () => {
    expect(allowed(canEditOrganization)).toEqual(["admin"]);
  });

  it("managers and administrators edit the voice settings", () => {
    expect(allowed(canEditVoiceSettings)).toEqual(["manager", "admin"]);
  });
});
