import { z } from "zod";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label}: at most ${max} characters`);
const required = (label: string, max: number) => text(label, max).min(1, `Enter ${label.toLowerCase()}`);
const id = (what: string) => z.string({ error: `Choose ${what}` }).uuid(`Choose ${what}`);

export const MATERIAL_AUDIENCES = ["participants", "facilitators"] as const;
export const AUDIENCE_LABELS: Record<(typeof MATERIAL_AUDIENCES)[number], string> = {
  participants: "Participants may see",
  facilitators: "Facilitators only",
};

/** A unit's own fields (title, objectives, duration in minutes, facilitator guidance). */
export const unitFields = z.object({
  title: required("The title", 200),
  objectives: text("Objectives", 5000).default(""),
  durationMinutes: z
    .string({ error: "Enter the duration in minutes" })
    .trim()
    .regex(/^\d{1,4}$/, "Enter the duration as a whole number of minutes")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1440, "Duration: between 1 and 1440 minutes"),
  guidance: text("Facilitator guidance", 5000).default(""),
});
export type UnitFields = z.infer<typeof unitFields>;

const audience = z.enum(MATERIAL_AUDIENCES, { error: "Choose who may see it" });

/** Only web addresses (http or https); anything else (javascript:, data:, a bare word) is refused. */
const webAddress = z
  .string({ error: "Enter the web address" })
  .trim()
  .min(1, "Enter the web address")
  .max(2000, "The web address: at most 2000 characters")
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "https:" || url.protocol === "http:") && Boolean(url.hostname);
    } catch {
      return false;
    }
  }, "Enter a full web address starting with https://");

/** The fields of an uploaded file (posted as a multipart form with the file in "material"). */
export const fileMaterialFields = z.object({ fileTitle: required("The file's title", 200), fileAudience: audience });

/** The posts of the curriculum page (managers). */
export const curriculumAction = z.discriminatedUnion("intent", [
  unitFields.extend({ intent: z.literal("addUnit") }),
  z.object({ intent: z.literal("move"), unitId: id("a unit"), direction: z.enum(["up", "down"], { error: "Choose up or down" }) }),
  z.object({ intent: z.literal("assignInOrder") }),
  z.object({ intent: z.literal("copy"), sourceGroupId: id("a group to copy from") }),
]);

/** The posts of a unit's page (managers); a file is posted as a multipart form (fileMaterialFields + the file). */
export const unitAction = z.discriminatedUnion("intent", [
  unitFields.extend({ intent: z.literal("update") }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("addLink"), linkTitle: required("The link's title", 200), linkAudience: audience, url: webAddress }),
  z.object({ intent: z.literal("removeMaterial"), materialId: id("a material") }),
]);

/** Changing the unit one session covers: a unit of the group, or none. */
export const sessionUnitFields = z.object({
  unitId: z.union([z.literal(""), z.string().uuid("Choose a unit from the list")], { error: "Choose a unit from the list" }).transform((v) => (v === "" ? null : v)),
});
