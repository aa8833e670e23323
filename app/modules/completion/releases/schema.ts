import { z } from "zod";
import { SHARE_ITEMS } from "./statement";

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as YYYY-MM-DD.`);

/** What a release says: recipient, purpose, the items that may be shared, the last valid day. */
export const releaseTermsSchema = z.object({
  recipientName: z.string().trim().min(1, "Enter the name of the person who will receive the letter.").max(200, "Keep the name under 200 characters."),
  recipientOrganization: z.string().trim().max(200, "Keep the organisation under 200 characters.").default(""),
  recipientContact: z.string().trim().min(1, "Enter their postal address or email address.").max(500, "Keep the address under 500 characters."),
  purpose: z.string().trim().min(3, "Say why the information is shared (for example: proof of attendance for my court date).").max(500, "Keep the purpose under 500 characters."),
  shares: z
    .union([z.string(), z.array(z.string())], { error: "Tick at least one thing that may be shared." })
    .transform((v) => (Array.isArray(v) ? v : v ? [v] : []))
    .pipe(z.array(z.enum(SHARE_ITEMS, { error: "Choose from the list." })).min(1, "Tick at least one thing that may be shared.")),
  expiresOn: isoDate("the expiry date"),
});
export type ReleaseTermsInput = z.infer<typeof releaseTermsSchema>;

/** The program a release covers (a participant signs one release per program). */
const programChoice = z.string({ error: "Choose the program this release is about." }).uuid("Choose the program this release is about.");

/** /my/releases: read the statement, sign it, or revoke a release. */
export const myReleaseActionSchema = z.discriminatedUnion(
  "intent",
  [
    releaseTermsSchema.extend({ intent: z.literal("review"), programId: programChoice }),
    releaseTermsSchema.extend({
      intent: z.literal("sign"),
      programId: programChoice,
      statementHash: z.string().regex(/^[0-9a-f]{64}$/, "Read the release again before signing."),
      signedName: z.string().trim().min(1, "Type your full name to sign.").max(200, "Type your name as it appears on your account."),
      agree: z.literal("yes", { error: "Tick the box to confirm you have read the release and sign it." }),
    }),
    z.object({ intent: z.literal("revoke"), releaseId: z.string().uuid("Choose a release to revoke.") }),
  ],
  { error: "Choose what to do." },
);

/** The staff letters page: issue a letter under a release (a paper release comes as a multipart upload). */
export const issueLetterSchema = z.object({
  intent: z.literal("issue", { error: "Choose what to do." }),
  releaseId: z.union([z.literal(""), z.string().uuid("Choose a release from the list.")]).default(""),
});

export const paperReleaseSchema = releaseTermsSchema.extend({
  intent: z.literal("paper"),
  signedOn: isoDate("the date it was signed"),
  /** Needed when the person cannot be notified by email: a witness saw the signature and they were told in person. */
  toldInPerson: z
    .union([z.literal("yes"), z.literal("")], { error: "Tick the box, or leave it empty." })
    .default("")
    .transform((v) => v === "yes"),
});
