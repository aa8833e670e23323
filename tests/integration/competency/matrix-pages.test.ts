/**
 * The competency matrix shows 25 people a page (MATRIX_PAGE_SIZE): a big organisation's matrix —
 * every facilitator × every framework item — was one page of 326 KB (45 groups' facilitators in the
 * pages benchmark's five-year history), long on a phone and slow to render. The filters apply
 * before the pages; the CSV has every page. Here: 30 facilitators (the scenario's two and 28 more).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencyRecords } from "~/db/tables/competency";
import { exportMatrixCsv } from "~/modules/competency/matrix/queries.server";
import * as matrixPage from "~/routes/competency._index";
import { installFramework } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

type Page = {
  matrix: { rows: { person: { id: string; name: string } }[]; people: { id: string }[] };
  page: { number: number; count: number; total: number; first: number; last: number; previous: string | null; next: string | null };
  query: string;
};

let s: Scenario;
let items: Awaited<ReturnType<typeof installFramework>>;
const open = async (query: string) => {
  const outcome = await callRoute(matrixPage, { path: `/competency${query}`, cookie: s.manager.cookie });
  expect(outcome.status).toBe(200);
  return outcome.data as Page;
};
const names = (page: Page) => page.matrix.rows.map((r) => r.person.name);

beforeAll(async () => {
  s = await createOrgScenario();
  items = await installFramework(s.org.id);
  for (let i = 1; i <= 28; i++) await createPerson(s.org, "facilitator", { name: `Helper ${String(i).padStart(2, "0")}` });
});

describe("the competency matrix, 25 people a page", () => {
  it("page 1 shows the first 25 by name and links to page 2, which shows the other 5 and links back", async () => {
    const first = await open("");
    expect(first.page).toMatchObject({ number: 1, count: 2, total: 30, first: 1, last: 25, previous: null, next: "?page=2" });
    expect(first.matrix.rows).toHaveLength(25);
    expect(first.matrix.people).toHaveLength(30); // the person filter still offers everyone
    const second = await open("?page=2");
    expect(second.page).toMatchObject({ number: 2, count: 2, first: 26, last: 30, previous: "?", next: null });
    expect(second.matrix.rows).toHaveLength(5);
    const all = [...names(first), ...names(second)];
    expect(new Set(all).size).toBe(30);
    expect(all).toEqual([...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("the filters apply first and stay in the page links; the CSV link names the filters, not the page", async () => {
    const trainings = await open("?kind=training&page=2");
    expect(trainings.page).toMatchObject({ number: 2, total: 30, previous: "?kind=training", next: null });
    expect(trainings.query).toBe("?kind=training");
    // Of the competencies (2.04), only the group's facilitator must hold any (he leads a group; the
    // other 29 lead none), so "needs attention" leaves him alone, on one page whatever page was asked.
    const attention = await open("?status=attention&kind=competency&page=2");
    expect(attention.page).toMatchObject({ number: 1, count: 1, total: 1, previous: null, next: null });
    expect(names(attention)).toEqual([s.facilitator.name]);
    const one = await open(`?person=${s.facilitator.id}`);
    expect(one.page).toMatchObject({ number: 1, count: 1, total: 1, previous: null, next: null });
    expect(names(one)).toEqual([s.facilitator.name]);
  });

  it("a page past the last shows the last; a page that is not a number shows the first", async () => {
    expect((await open("?page=9")).page).toMatchObject({ number: 2, first: 26, last: 30 });
    expect((await open("?page=abc")).page).toMatchObject({ number: 1, first: 1 });
    expect((await open("?page=-3")).page).toMatchObject({ number: 1 });
  });

  it("the CSV has every person, whatever page the filters came from", async () => {
    const csv = await exportMatrixCsv(s.manager, { kind: "", status: "all", person: "", page: 2 }, new Date());
    for (const name of ["Helper 01", "Helper 28", s.facilitator.name, s.otherFacilitator.name]) expect(csv).toContain(name);
  });

  it("a cell's “Start record” (one form around the matrix, each button naming its cell) opens that person's record of that item; a junk cell opens nothing", async () => {
    const item = Object.values(items)[0];
    const post = (form: Record<string, string>) => callRoute(matrixPage, { path: "/competency?index", cookie: s.manager.cookie, form });
    const opened = await post({ cell: `${s.otherFacilitator.id} ${item.id}` });
    expect(opened.status).toBe(302);
    const [record] = await db.select().from(competencyRecords).where(and(eq(competencyRecords.userId, s.otherFacilitator.id), eq(competencyRecords.itemId, item.id)));
    expect(opened.location).toBe(`/competency/records/${record.id}`);
    const before = (await db.select().from(competencyRecords)).length;
    for (const cell of ["nonsense", `${s.otherFacilitator.id}`, ` ${item.id}`]) expect((await post({ cell })).status).toBe(400);
    expect((await db.select().from(competencyRecords)).length).toBe(before);
  });
});
