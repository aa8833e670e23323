import type postgres from "postgres";

/**
 * One page the Spanish walk (tests/e2e/spanish-pages.test.ts) opens, as one demo person whose
 * language is set to Spanish (Spain) for the walk.
 */
export type SpanishPage = {
  /** The demo account that opens it: "pat", "fran", "manager", "admin", or any demo email. */
  as: string;
  /** The address, or a function that finds it in the demo data (the app's database). */
  path: string | ((sql: postgres.Sql) => Promise<string>);
  /** The page's main heading in Spanish (exact text or a pattern). */
  heading: string | RegExp;
  /** English words on this page that are the organisation's or a person's data, not the app's text. */
  allow?: string[];
};
