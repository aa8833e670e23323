import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, openTab, PHONE, signIn, type Tab } from "./browser";
import { e2eApp } from "./app";

export type SpanishReaders = {
  /** The file's browser (for a tab of its own, e.g. a signed-out visitor with a Spanish browser). */
  readonly browser: Browser;
  /** A client on the app's database. */
  readonly sql: postgres.Sql;
  /** A signed-in phone page whose person reads Spanish (see `reader`). */
  tab(email: string, options?: { locale?: string }): Promise<Page>;
  /** The same as `tab`, with the tab's context and its list of browser problems. */
  reader(email: string, options?: { locale?: string }): Promise<Tab>;
};

/**
 * For an e2e file whose demo people read the app in Spanish: registers a beforeAll that launches a
 * browser and opens a client on the app's database, and an afterAll that puts back every
 * person's language the file changed (it runs when a test failed too), then closes both.
 *
 * `tab(email)` opens a fresh phone tab (390 px) with an English browser, signs the person in —
 * signed out, the sign-in page follows the browser, so the English form — and then sets their
 * language (users.locale) to es-ES, or to `options.locale`.
 */
export function spanishReaders(): SpanishReaders {
  let browser: Browser | undefined;
  let sql: postgres.Sql | undefined;
  /** Each changed person's language before this file changed it. */
  const original = new Map<string, string>();

  beforeAll(async () => {
    browser = await launchBrowser();
    sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  });

  afterAll(async () => {
    try {
      if (sql) for (const [email, locale] of original) await sql`update users set locale = ${locale} where email = ${email}`;
    } finally {
      await sql?.end();
      await browser?.close();
    }
  });

  const ready = () => {
    if (!browser || !sql) throw new Error("spanishReaders: the browser and database client open in beforeAll");
    return { browser, sql };
  };

  async function reader(email: string, options: { locale?: string } = {}): Promise<Tab> {
    const { browser, sql } = ready();
    const [user] = await sql<{ locale: string }[]>`select locale from users where email = ${email}`;
    if (!user) throw new Error(`no demo account ${email}`);
    const tab = await openTab(browser, { viewport: PHONE, locale: "en-US" });
    await signIn(tab.page, email);
    if (!original.has(email)) original.set(email, user.locale);
    await sql`update users set locale = ${options.locale ?? "es-ES"} where email = ${email}`;
    return tab;
  }

  return {
    get browser() {
      return ready().browser;
    },
    get sql() {
      return ready().sql;
    },
    reader,
    tab: async (email, options) => (await reader(email, options)).page,
  };
}
