import { z } from "zod";
import { DATE_STYLES, isValidZone } from "~/modules/time/zoned";
import { passwordIsTooEasy } from "./password-strength.server";

export const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .email("Enter an email address like name@example.org.");

export const PASSWORD_TOO_EASY =
  "This password is too common or too easy to guess. Try three or four unrelated words, or a short sentence.";

/** ASVS 2.1: at least 10 characters, not a common password, not "aaaaaaaaaa". */
export const newPassword = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.")
  .refine((value) => value.length < 10 || !passwordIsTooEasy(value), PASSWORD_TOO_EASY);

export const timezone = z
  .string({ error: "Choose a time zone." })
  .trim()
  .refine(isValidZone, "Choose a time zone from the list (for example Europe/London).");

export const personName = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(120, "Use at most 120 characters.");

export const signInSchema = z.object({
  email,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export const signUpSchema = z
  .object({
    name: personName,
    email,
    timezone,
    /** Preselected from the page's language (Accept-Language or the header's switch); the person may change it. */
    locale: z.enum(DATE_STYLES, { error: "Choose a language from the list." }).optional(),
    password: newPassword,
    confirmPassword: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

export const forgotSchema = z.object({ email });

/** A sign-up's confirmation: the password chosen at that sign-up (checked in confirmEmail; a change link needs none). */
export const confirmEmailSchema = z.object({ password: z.string().max(200, "Use at most 200 characters.").optional() });

export const resetSchema = z
  .object({ password: newPassword, confirmPassword: z.string().optional() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

/** A reset of an address that never had a confirmed account: the owner's own name and zone as well (auth/mutations resetPassword). */
export const resetNewPersonSchema = z
  .object({ name: personName, timezone, password: newPassword, confirmPassword: z.string().optional() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

export const profileSchema = z.object({
  intent: z.literal("profile"),
  name: personName,
  email,
  timezone,
  locale: z.enum(DATE_STYLES, { error: "Choose a language from the list." }),
  /** Needed only when the email changes (checked in updateProfile). */
  emailPassword: z.string().max(200).optional(),
});

export const passwordChangeSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: newPassword,
    confirmPassword: z.string().optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match.",
  });

export const invitationSchema = z.object({
  intent: z.literal("invite"),
  email,
  role: z.enum(["participant", "facilitator", "manager", "admin"], { error: "Choose a role." }),
  /** The invitee's language (emails, and the new account's start); the inviter's when not sent. */
  locale: z.enum(DATE_STYLES, { error: "Choose a language from the list." }).optional(),
});

export const acceptInvitationSchema = z
  .object({ name: personName, timezone, password: newPassword, confirmPassword: z.string().optional() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

/** /admin/people: deactivate or reactivate a member; resend or revoke an open invitation. */
export const peopleActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deactivate"), membershipId: z.string({ error: "Choose a person." }).uuid("Choose a person.") }),
  z.object({ intent: z.literal("reactivate"), membershipId: z.string({ error: "Choose a person." }).uuid("Choose a person.") }),
  z.object({ intent: z.literal("resend"), invitationId: z.string({ error: "Choose an invitation." }).uuid("Choose an invitation.") }),
  z.object({ intent: z.literal("revoke"), invitationId: z.string({ error: "Choose an invitation." }).uuid("Choose an invitation.") }),
]);

export const roleChangeSchema = z.object({
  intent: z.literal("role"),
  membershipId: z.string().uuid("Choose a person."),
  role: z.enum(["participant", "facilitator", "manager", "admin"], { error: "Choose a role." }),
});
