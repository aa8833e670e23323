import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * The roster in Spanish where the page walk (spanish-pages.test.ts) cannot look: a refused form
 * answers in Spanish, and a tap kept while the connection is down is announced in Spanish by the
 * page's own script (the save queue). Nothing is saved: the form is refused and the tab closes
 * while still offline.
 */
const FRAN = "fran@riverside.example";
const DROP_IN = "Open Door Drop-in";
const spanish = spanishReaders();
let sessionId: string;

beforeAll(async () => {
  const [row] = await spanish.sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = ${DROP_IN} and s.status <> 'cancelled'
    order by abs(extract(epoch from s.starts_at - now())) limit 1`;
  sessionId = row.id;
});

describe("the roster in Spanish", () => {
  it("a walk-in without a name is refused in Spanish, and an offline tap waits with a Spanish notice", async () => {
    const { page, context, problems } = await spanish.reader(FRAN);
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(page, `Lista de asistencia: ${DROP_IN}`);

    await page.getByRole("button", { name: "Agregar persona sin inscripción" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre: Escriba el nombre de la persona.");
    await expectAccessible(page);

    // Offline: the tap shows at once and the page says, in Spanish, that it waits for the connection.
    const row = page.locator(".roster-row").first();
    // The offline queue is the page's script: a tap before it has taken over is a plain form post.
    expect(await hydrated(page)).toBe(true);
    await context.setOffline(true);
    await row.getByRole("button", { name: /^Ausente: / }).click();
    await page.getByText("1 marca aún no se ha enviado. Mantenga esta página abierta: se guardan en cuanto vuelva la conexión.").waitFor();
    await expect(row.locator(".roster-state").innerText()).resolves.toContain("Ausente · aún no enviado: se guarda cuando vuelva la conexión");
    await expect(page.locator("main").innerText()).resolves.not.toMatch(/not sent yet|saving…|\bmarks? (is|are)\b/);
    // The browser logs the failed send while offline; that one is expected here, nothing else is.
    problems.splice(0, problems.length, ...problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
    await context.close();
  });

  it("a session before everyone joined says so in Spanish, on each row and beside 'Marcar al resto como ausentes'", async () => {
    const [group] = await spanish.sql<{ id: string; organization_id: string; first: Date }[]>`
      select g.id, g.organization_id, min(e.created_at) as first from groups g join enrolments e on e.group_id = g.id and e.status = 'enrolled'
      where g.name = ${DROP_IN} group by g.id`;
    const startsAt = new Date(group.first.getTime() - 7 * 86_400_000);
    const [past] = await spanish.sql<{ id: string }[]>`
      insert into sessions (organization_id, group_id, starts_at, ends_at, status)
      values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'held') returning id`;
    const { page, context, problems } = await spanish.reader(FRAN);
    await page.goto(url(`/sessions/${past.id}/roster`));
    await expectHeading(page, `Lista de asistencia: ${DROP_IN}`);
    await expect(page.locator(".roster-row").first().locator(".badge").allInnerTexts()).resolves.toContain("Se inscribió después de esta sesión");
    await page.getByText(/personas que se inscribieron después de esta sesión quedan fuera de «Marcar al resto como ausentes»: la sesión fue antes de su inscripción\./).waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
