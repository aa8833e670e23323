import { and, asc, eq, ne } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { funderReportDefinitions, participantCoverage, participantDemographics } from "~/db/tables/demographics";
import type { DemoContext } from "./context";

/**
 * Demographics demo: varied optional answers for the demo participants (everyone but Pat, who
 * fills them in on "About me"), a few "prefer not to say", payer and Medicaid IDs for some, and
 * a saved funder report. With the metrics demo's year of attendance, Metrics → Funder report for
 * the last quarter shows figures in most cells and suppresses the small ones (non-binary, the
 * rarer ZIP codes and languages) with their complements.
 */
const ANSWERS: {
  birthDate?: string;
  ageBand?: string;
  gender?: string;
  race?: string[];
  language?: string;
  zip?: string;
  veteran?: string;
  payer?: string;
  medicaidId?: string;
}[] = [
  { birthDate: "1988-04-12", gender: "woman", race: ["black_african_american"], language: "english", zip: "01103", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020031" },
  { ageBand: "25_34", gender: "man", race: ["hispanic_latino"], language: "spanish", zip: "01105", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020032" },
  { birthDate: "1975-09-30", gender: "woman", race: ["white"], language: "english", zip: "01103", veteran: "veteran", payer: "medicare" },
  { ageBand: "35_44", gender: "man", race: ["asian"], language: "english", zip: "01103", veteran: "not_veteran", payer: "private" },
  { birthDate: "1999-01-20", gender: "non_binary", race: ["white", "hispanic_latino"], language: "english", zip: "01105", veteran: "not_veteran", payer: "uninsured" },
  { ageBand: "45_54", gender: "woman", race: ["hispanic_latino"], language: "spanish", zip: "01105", veteran: "prefer_not_to_say", payer: "medicaid", medicaidId: "MA10020036" },
  { birthDate: "1962-07-04", gender: "man", race: ["black_african_american"], language: "english", zip: "01103", veteran: "veteran", payer: "other_public" },
  { ageBand: "18_24", gender: "woman", race: ["prefer_not_to_say"], language: "english", zip: "prefer_not_to_say", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020038" },
  { birthDate: "1980-11-11", gender: "man", race: ["white"], language: "english", zip: "01103", veteran: "veteran", payer: "private" },
  { ageBand: "25_34", gender: "woman", race: ["middle_eastern_north_african"], language: "arabic", zip: "01109", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020040" },
  { birthDate: "1991-03-03", gender: "prefer_not_to_say", race: ["hispanic_latino"], language: "spanish", zip: "01105", veteran: "not_veteran", payer: "uninsured" },
  { ageBand: "55_64", gender: "man", race: ["white"], language: "english", zip: "01103", veteran: "not_veteran", payer: "medicare" },
  { birthDate: "1985-05-05", gender: "woman", race: ["black_african_american", "american_indian_alaska_native"], language: "english", zip: "01105", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020043" },
  { ageBand: "35_44", gender: "woman", race: ["asian"], language: "vietnamese", zip: "01103", veteran: "not_veteran", payer: "private" },
  { birthDate: "1970-12-24", gender: "man", race: ["native_hawaiian_pacific_islander"], language: "english", zip: "96813", veteran: "veteran", payer: "other_public" },
  { ageBand: "25_34", gender: "transgender_woman", race: ["white"], language: "english", zip: "01103", veteran: "not_veteran", payer: "private" },
  { ageBand: "45_54", gender: "woman", race: ["black_african_american"], language: "english", zip: "01105", veteran: "not_veteran", payer: "medicaid", medicaidId: "MA10020047" },
  { birthDate: "1995-08-18", gender: "man", race: ["hispanic_latino"], language: "spanish", zip: "01105", veteran: "not_veteran", payer: "uninsured" },
];

export async function seedDemographicsDemo(ctx: DemoContext) {
  const org = ctx.organizationId;
  const pat = ctx.userIds["pat@riverside.example"];
  const people = await db
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, org), eq(memberships.role, "participant"), ne(users.id, pat)))
    .orderBy(asc(users.email));
  const rows = people.map((p, i) => ({ person: p.id, a: ANSWERS[i % ANSWERS.length] }));
  if (rows.length) {
    await db.insert(participantDemographics).values(
      rows.map(({ person, a }) => ({
        organizationId: org,
        userId: person,
        birthDate: a.birthDate ?? null,
        ageBand: a.ageBand ?? null,
        gender: a.gender ?? null,
        raceEthnicity: a.race ?? null,
        primaryLanguage: a.language ?? null,
        zipCode: a.zip ?? null,
        veteranStatus: a.veteran ?? null,
        updatedBy: person,
      })),
    );
    await db.insert(participantCoverage).values(
      rows.filter(({ a }) => a.payer).map(({ person, a }) => ({ organizationId: org, userId: person, payer: a.payer ?? null, medicaidId: a.medicaidId ?? null, updatedBy: ctx.manager.id })),
    );
  }
  await db.insert(funderReportDefinitions).values({ organizationId: org, name: "County behavioral health grant (quarterly)", periodRule: "last_quarter", programIds: [], createdBy: ctx.manager.id });
}
