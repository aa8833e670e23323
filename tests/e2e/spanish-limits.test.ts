import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Two limits the pages now say out loud, read in Spanish on a phone: the group edit page refuses a
 * save from a page opened before someone else's change (and shows the current version with the
 * person's own entries kept), and the round page says before publishing who gets a seat and who
 * goes to the waiting list, and afterwards how many went there.
 */
const MANAGER = "manager@riverside.example";
const spanish = spanishReaders();

describe("limits the manager's pages keep, in Spanish", () => {
  it("a group edited by someone else meanwhile: the save is refused, the form shows their change and keeps mine", async () => {
    const page = await spanish.tab(MANAGER);
    const [group] = await spanish.sql<{ id: string; name: string; location: string }[]>`select id, name, location from groups where name = 'Budgeting Basics'`;
    await page.goto(url(`/groups/${group.id}/edit`));
    await expectHeading(page, `Editar ${group.name}`);
    // Another manager moves the group while this page is open.
    await spanish.sql`update groups set location = 'Sala 7, segundo piso' where id = ${group.id}`;
    await page.getByLabel("Nombre", { exact: true }).fill("Finanzas básicas");
    await page.getByRole("button", { name: "Guardar el grupo" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Otra persona cambió este grupo desde que usted abrió esta página. Sus cambios no se guardaron");
    await expect(page.getByRole("status").filter({ hasText: "Cambiado por otra persona" }).innerText()).resolves.toContain("Lugar");
    await expect(page.getByLabel("Lugar", { exact: true }).inputValue()).resolves.toBe("Sala 7, segundo piso");
    await expect(page.getByLabel("Nombre", { exact: true }).inputValue()).resolves.toBe("Finanzas básicas");
    expect(await page.locator("main").innerText()).not.toMatch(/changed by someone else|were not saved/);
    await expectAccessible(page);
    await expect(spanish.sql`select name from groups where id = ${group.id}`.then(([r]) => r.name)).resolves.toBe(group.name);
    // Sent again as shown, it is saved with both changes.
    await page.getByRole("button", { name: "Guardar el grupo" }).click();
    await page.waitForURL(new RegExp(`/groups/${group.id}$`));
    const [saved] = await spanish.sql<{ name: string; location: string }[]>`select name, location from groups where id = ${group.id}`;
    expect(saved).toEqual({ name: "Finanzas básicas", location: "Sala 7, segundo piso" });
  });

  it("a round for a group with few seats left: who gets one and who waits, before and after publishing", async () => {
    const [group] = await spanish.sql<{ id: string }[]>`select id from groups where name = 'Wellness Workshop'`;
    const [round] = await spanish.sql<{ id: string }[]>`select id from scheduling_rounds where group_id = ${group.id} and status = 'open'`;
    // Three people hold seats; two seats are left for the round's newcomers.
    await spanish.sql`update groups set capacity = 5 where id = ${group.id}`;
    const page = await spanish.tab(MANAGER);
    await page.goto(url(`/rounds/${round.id}`));
    await expectHeading(page, "¿Cuándo debería reunirse Wellness Workshop?");
    const seats = page.locator("#seats");
    await expect(seats.innerText()).resolves.toContain("Lugares: el grupo tiene 5 lugares, 3 ocupados u ofrecidos, 0 personas en su lista de espera y 2 disponibles para esta ronda.");
    await expect(seats.innerText()).resolves.toMatch(/al publicar 2 reciben un lugar \(por orden de respuesta\) y \d+ pasan a la lista de espera/);
    await expect(seats.innerText()).resolves.toContain("Lista de espera: ");
    await expectAccessible(page);
    await page.locator('textarea[name="overrideReason"]').fill("Co-facilita mientras se agenda el curso de actualización.");
    await page.getByRole("button", { name: "Publicar las cohortes" }).click();
    await page.waitForURL(/published=\d+&waitlisted=\d+$/);
    const waitlisted = Number(new URL(page.url()).searchParams.get("waitlisted"));
    await expect(page.getByRole("status").first().innerText()).resolves.toContain(`${waitlisted} personas nuevas en el grupo pasaron a su lista de espera`);
    await expect(page.locator("main").innerText()).resolves.toContain("Pasaron a la lista de espera al publicar (no quedaba ningún lugar): ");
    await expectAccessible(page);
    const [{ enrolled }] = await spanish.sql<{ enrolled: number }[]>`select count(*)::int as enrolled from enrolments where group_id = ${group.id} and status = 'enrolled'`;
    expect(enrolled).toBe(5);
  });
});
