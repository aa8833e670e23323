import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { users } from "~/db/schema";
import * as root from "~/root";
import * as profile from "~/routes/profile";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** The profile's "Language": only the locales the app ships (language + date style), and every page follows it. */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
}, 60_000);

const details = (locale: string) => ({ intent: "profile", name: s.otherParticipant.name, email: s.otherParticipant.email, timezone: s.otherParticipant.timezone, locale });
const storedLocale = async () => (await db.select({ locale: users.locale }).from(users).where(eq(users.id, s.otherParticipant.id)))[0].locale;

describe("the language and date style preference", () => {
  it("shows the stored style (the Kolkata participant has the default US style)", async () => {
    const out = await callRoute(profile, { path: "/profile", cookie: s.otherParticipant.cookie });
    expect((out.data as { locale: string }).locale).toBe("en-US");
  });

  it("refuses a locale the app does not ship, with a message, and changes nothing", async () => {
    for (const locale of ["fr-FR", "es-MX", "es", "klingon", ""]) {
      const out = await callRoute(profile, { path: "/profile", cookie: s.otherParticipant.cookie, form: details(locale) });
      expect(out.status).toBe(400);
      expect(JSON.stringify(out.data)).toContain("Choose a language from the list.");
      expect(await storedLocale()).toBe("en-US");
    }
    // The database refuses it too (a CHECK constraint), whatever writes it.
    await expect(db.update(users).set({ locale: "fr-FR" }).where(eq(users.id, s.otherParticipant.id))).rejects.toThrow();
  });

  it("the chosen style reaches every page through the root loader; signed out is the US style", async () => {
    const saved = await callRoute(profile, { path: "/profile", cookie: s.otherParticipant.cookie, form: details("en-GB") });
    expect(saved.status).toBe(200);
    expect(await storedLocale()).toBe("en-GB");
    const signedIn = await callRoute(root, { path: "/home", cookie: s.otherParticipant.cookie });
    expect((signedIn.data as { locale: string }).locale).toBe("en-GB");
    const signedOut = await callRoute(root, { path: "/" });
    expect((signedOut.data as { locale: string }).locale).toBe("en-US");
    const manager = await callRoute(root, { path: "/home", cookie: s.manager.cookie });
    expect((manager.data as { locale: string }).locale).toBe("en-US");
    // Spanish with each clock is a choice too, and the database takes it.
    for (const locale of ["es-ES", "es-US"]) {
      expect((await callRoute(profile, { path: "/profile", cookie: s.otherParticipant.cookie, form: details(locale) })).status).toBe(200);
      expect(await storedLocale()).toBe(locale);
      expect(((await callRoute(root, { path: "/home", cookie: s.otherParticipant.cookie })).data as { locale: string }).locale).toBe(locale);
    }
  });

  it("the migration moves es-US rows to the US style and fr-FR rows to the 24-hour style", async () => {
    const statements = readFileSync("drizzle/0025_date_time_style.sql", "utf8")
      .split("--> statement-breakpoint")
      .map((t) => t.replace(/^--.*$/gm, "").trim())
      .filter(Boolean);
    const rollback = new Error("rollback");
    const seen: Record<string, string> = {};
    await expect(
      db.transaction(async (tx) => {
        // As the table was before the migration: any text, no constraint.
        await tx.execute(sql`alter table users drop constraint users_locale_style`);
        await tx.update(users).set({ locale: "es-US" }).where(eq(users.id, s.participant.id));
        await tx.update(users).set({ locale: "fr-FR" }).where(eq(users.id, s.otherParticipant.id));
        await tx.update(users).set({ locale: "en-GB" }).where(eq(users.id, s.facilitator.id));
        for (const statement of statements) await tx.execute(sql.raw(statement));
        for (const person of [s.participant, s.otherParticipant, s.facilitator, s.manager]) {
          seen[person.id] = (await tx.select({ locale: users.locale }).from(users).where(eq(users.id, person.id)))[0].locale;
        }
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(seen).toEqual({ [s.participant.id]: "en-US", [s.otherParticipant.id]: "en-GB", [s.facilitator.id]: "en-GB", [s.manager.id]: "en-US" });
  });
});
