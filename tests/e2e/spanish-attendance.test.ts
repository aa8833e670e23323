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
});
