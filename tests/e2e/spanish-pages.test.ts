import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";
import type { SpanishPage } from "./spanish-pages/types";
import { pages as participant } from "./spanish-pages/participant";
import { pages as voice } from "./spanish-pages/voice";
import { pages as attendance } from "./spanish-pages/attendance";
import { pages as records } from "./spanish-pages/records";
import { pages as manage } from "./spanish-pages/manage";
import { pages as metrics } from "./spanish-pages/metrics";
import { pages as competency } from "./spanish-pages/competency";
import { pages as admin } from "./spanish-pages/admin";
import { pages as outcomes } from "./spanish-pages/outcomes";

/**
 * Every page of the app in Spanish (issue 18): each area lists its pages in
 * tests/e2e/spanish-pages/<area>.ts; this opens each as its demo person with the person's language
 * set to Spanish (Spain) and checks the page as a Spanish reader meets it on a phone: `lang`, the
 * heading, no raw catalog key, no English in the page's labels, buttons, headings and table heads
 * (except the organisation's and people's own data), axe, no console error, no sideways scroll.
 */
const ALL_AREAS: Record<string, SpanishPage[]> = { participant, voice, attendance, records, manage, metrics, competency, admin, outcomes };
/** SPANISH_AREAS=attendance,records runs those areas only (while working on them). */
const ONLY = (process.env.SPANISH_AREAS ?? "").split(",").filter(Boolean);
const AREAS = ONLY.length ? Object.fromEntries(Object.entries(ALL_AREAS).filter(([area]) => ONLY.includes(area))) : ALL_AREAS;

const ACCOUNTS: Record<string, string> = {
  pat: "pat@riverside.example",
  fran: "fran@riverside.example",
  manager: "manager@riverside.example",
  admin: "admin@riverside.example",
};
const emailOf = (as: string) => ACCOUNTS[as] ?? as;

/** A catalog key shown instead of its text ("attendance.roster.title"). */
const RAW_KEY = /\b(common|auth|public|registration|my|voice|profile|email|attendance|records|manage|metrics|competency|admin|participant|documents|outcomes)\.[a-zA-Z]+(\.[a-zA-Z]+)+\b/;

/** English words of the app's own texts that no Spanish label, button or heading contains. */
const ENGLISH =
  /\b(Save|Cancel|Download|Status|Name|Date|Time|Attendance|Sessions?|Back|Add|Edit|Delete|Remove|Search|Show|Print|Export|Notes?|Phone|Groups?|Programs?|Participants?|Facilitators?|Present|Absent|Excused|Records?|Required|Optional|Yes|Open|Closed|Due|Overdue|Review|Reason|Submit|Send|Update|Create|New|View|None|What|When|Where|Who|How|Your|You|the|and|your|with|for|from|this|of)\b/;

const spanish = spanishReaders();
/** Each person's tab, opened once and kept for the file. */
const tabs = new Map<string, Page>();
/** Names and words the organisation and people wrote (English data, not the app's text; other e2e files add some before this one runs). */
let data: string[] = [];

beforeAll(async () => {
  const rows = await spanish.sql<{ name: string }[]>`
    select name from groups union select name from programs union select name from users
    union select name from organizations union select name from custom_outcome_measures
    union select title from participant_goals union select participant_words from participant_goals
    union select description from goal_objectives union select measure from goal_objectives
    union select title from proposals`;
  // Longest first, so "Budgeting Basics (autumn cohort)" goes before "Budgeting Basics".
  data = rows.map((r) => r.name).filter((n) => n.length > 2).sort((a, b) => b.length - a.length);
});

/** The person's signed-in phone tab, their language switched to Spanish (put back after the file). */
async function tabFor(as: string): Promise<Page> {
  const email = emailOf(as);
  let page = tabs.get(email);
  if (page) return page;
  page = await spanish.tab(email);
  tabs.set(email, page);
  return page;
}

async function expectSpanishPage(page: Page, entry: SpanishPage) {
  await expectHeading(page, entry.heading);
  await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-ES");
  const text = await page.locator("body").innerText();
  expect(text, "a catalog key instead of its text").not.toMatch(RAW_KEY);
  expect(text).toContain("¿Necesita ayuda ahora?");
  const chrome = await page
    .locator("main :is(label, legend, button, th, summary, h1, h2, h3, caption, dt, .button, [role=status], [role=alert])")
    .allInnerTexts();
  const allowed = [...(entry.allow ?? []), ...data];
  const english = chrome
    .map((t) => allowed.reduce((s, a) => s.split(a).join(" "), t))
    .filter((t) => ENGLISH.test(t));
  expect(english, `English text on ${page.url()}`).toEqual([]);
  await expectAccessible(page);
}

for (const [area, list] of Object.entries(AREAS)) {
  describe(`${area} pages in Spanish`, () => {
    for (const entry of list) {
      const label = typeof entry.path === "string" ? entry.path : `${entry.path.name || "page"} (${String(entry.heading)})`;
      it(`${label} as ${entry.as}`, async () => {
        const page = await tabFor(entry.as);
        const path = typeof entry.path === "string" ? entry.path : await entry.path(spanish.sql);
        await page.goto(url(path));
        await expectSpanishPage(page, entry);
      });
    }
  });
}

it.skipIf(ONLY.length > 0)("lists pages for every area", () => {
  // An area whose list is empty would pass without opening a page.
  for (const [area, list] of Object.entries(AREAS)) expect({ area, pages: list.length > 0 }).toEqual({ area, pages: true });
});
