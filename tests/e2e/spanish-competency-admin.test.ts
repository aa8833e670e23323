import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Refused forms of the competency and administration pages answer in Spanish (the page walk,
 * spanish-pages.test.ts, only opens pages). Nothing is saved: both forms are refused.
 */
const ADMIN = "admin@riverside.example";
const spanish = spanishReaders();

describe("competency and administration forms in Spanish", () => {
  it("a framework item without a name and an invitation to a malformed address are refused in Spanish", async () => {
    const page = await spanish.tab(ADMIN);

    await page.goto(url("/competency/items"));
    await expectHeading(page, "Marco de competencias");
    await page.getByRole("button", { name: "Agregar el elemento" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre: Escriba un nombre.");
    await expect(summary.innerText()).resolves.toContain("Código: Escriba un código corto, por ejemplo 2.04-engage.");
    await expect(page.locator("main").innerText()).resolves.not.toMatch(/\bEnter\b|\bChoose\b/);
    await expectAccessible(page);

    await page.goto(url("/admin/people"));
    await expectHeading(page, "Personas y roles");
    await page.getByLabel("Correo electrónico", { exact: true }).fill("not-an-address");
    await page.getByRole("button", { name: "Enviar la invitación" }).click();
    await page.locator(".error-summary").waitFor();
    await expect(page.locator(".error-summary").innerText()).resolves.toContain(
      "Correo electrónico: Escriba una dirección de correo electrónico como nombre@ejemplo.org.",
    );
    await expectAccessible(page);
    const [{ count }] = await spanish.sql<{ count: string }[]>`select count(*) from invitations where email = 'not-an-address'`;
    expect(count).toBe("0");
  });

  it("deactivating a participant with a waiting-list place says so in Spanish", async () => {
    const sql = spanish.sql;
    const [org] = await sql<{ id: string }[]>`select organization_id as id from memberships m join users u on u.id = m.user_id where u.email = ${ADMIN}`;
    const [person] = await sql<{ id: string }[]>`
      insert into users (name, email, timezone) values ('Lía Saliente', 'lia-saliente@riverside.example', 'America/New_York') returning id`;
    await sql`insert into memberships (user_id, organization_id, role) values (${person.id}, ${org.id}, 'participant')`;
    const [g] = await sql<{ id: string; name: string }[]>`select id, name from groups where organization_id = ${org.id} order by name desc limit 1`;
    await sql`insert into enrolments (organization_id, group_id, user_id, status) values (${org.id}, ${g.id}, ${person.id}, 'waitlisted')`;
    const page = await spanish.tab(ADMIN);
    await page.goto(url("/admin/people?q=lia-saliente"));
    await page.getByRole("button", { name: "Desactivar Lía Saliente" }).click();
    const notice = page.locator(".notice");
    await notice.getByText(/Lía Saliente quedó desactivado\/a/).waitFor();
    await expect(notice.innerText()).resolves.toContain(
      `Se liberó una plaza abierta, en ${g.name}. Cada asiento liberado pasa a la siguiente persona en la lista de espera. Reactivar a Lía Saliente no devuelve las plazas: tendría que inscribirse de nuevo.`,
    );
    await expectAccessible(page);
    const [left] = await sql<{ status: string }[]>`select status from enrolments where user_id = ${person.id}`;
    expect(left.status).toBe("withdrawn");
  });
});
