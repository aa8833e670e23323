import { z } from "zod";
import { CONSENT_KINDS } from "./wording";

/** /my/consents: give, refuse or revoke one consent for one group. */
export const consentDecisionSchema = z.object({
  intent: z.enum(["give", "refuse", "revoke"], { error: "Choose what to do." }),
  kind: z.enum(CONSENT_KINDS, { error: "Choose a consent from the list." }),
  groupId: z.string().uuid("Choose a group."),
});
