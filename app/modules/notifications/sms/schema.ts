import { z } from "zod";
import { SMS_CONSENT_KINDS } from "~/modules/consent/wording";

/** /profile: the mobile-number and text-message intents. */
export const smsIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("phone-add"), phone: z.string({ error: "Enter your mobile number." }).max(60, "That number is too long.") }),
  z.object({ intent: z.literal("phone-confirm"), code: z.string({ error: "Enter the 6-digit code from the text message." }).max(20, "Enter the 6-digit code from the text message.") }),
  z.object({ intent: z.literal("phone-resend") }),
  z.object({ intent: z.literal("phone-remove") }),
  z.object({
    intent: z.literal("sms-choices"),
    kinds: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .transform((v) => (Array.isArray(v) ? v : v === "" ? [] : [v]))
      .pipe(z.array(z.enum(SMS_CONSENT_KINDS, { error: "Choose texts from the list." }))),
  }),
]);
export type SmsIntent = z.infer<typeof smsIntentSchema>;
export const SMS_INTENTS: readonly string[] = ["phone-add", "phone-confirm", "phone-resend", "phone-remove", "sms-choices"];
