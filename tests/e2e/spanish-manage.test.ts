import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * The staff hub's forms in Spanish where the page walk (spanish-pages.test.ts) cannot look: a
 * refused submission answers in Spanish, field name and message. Nothing is created: both forms
 * are refused.
 */
const MANAGER = "manager@riverside.example";
const PLANNED = "Wellness Workshop";
const spanish = spanishReaders();

describe("the staff hub's forms in Spanish", () => {
  it("a program without a name and a round without dates are refused in Spanish, and nothing is created", async () => {
    const page = await spanish.tab(MANAGER);
    const [{ programs }] = await spanish.sql<{ programs: number }[]>`select count(*)::int as programs from programs`;
    const [{ rounds }] = await spanish.sql<{ rounds: number }[]>`select count(*)::int as rounds from scheduling_rounds`;

    await page.goto(url("/programs/new"));
    await expectHeading(page, "Nuevo programa");
    await page.getByRole("button", { name: "Crear el programa" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre: Ingrese un nombre para el programa.");
    await expectAccessible(page);

    const [group] = await spanish.sql<{ id: string }[]>`select id from groups where name = ${PLANNED}`;
    await page.goto(url(`/groups/${group.id}/rounds/new`));
    await expectHeading(page, `Nueva ronda de programación para ${PLANNED}`);
    await page.getByRole("button", { name: "Crear la ronda e invitar a los participantes" }).click();
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Primera fecha: Ingrese la primera fecha como una fecha real (AAAA-MM-DD).");
    await expect(page.locator("main").innerText()).resolves.not.toMatch(/Enter the|First date/);
    await expectAccessible(page);

    await expect(spanish.sql`select count(*)::int as n from programs`.then(([r]) => r.n)).resolves.toBe(programs);
    await expect(spanish.sql`select count(*)::int as n from scheduling_rounds`.then(([r]) => r.n)).resolves.toBe(rounds);
  });

  it("a facilitator who lacks required competencies is refused in Spanish: the missing items and their problems, nothing assigned", async () => {
    // A facilitator with no records at all (made here: the demo's Felix is cleared by competency.test.ts when it runs first).
    const [org] = await spanish.sql<{ id: string }[]>`select id from organizations where slug = 'riverside'`;
    const [newcomer] = await spanish.sql<{ id: string }[]>`insert into users (name, email, timezone) values ('Nora Nueva', 'nora.nueva@riverside.example', 'America/New_York') returning id`;
    await spanish.sql`insert into memberships (user_id, organization_id, role) values (${newcomer.id}, ${org.id}, 'facilitator')`;
    try {
      const page = await spanish.tab(MANAGER);
      const [group] = await spanish.sql<{ id: string; name: string }[]>`select id, name from groups where name = 'Budgeting Basics'`;
      const [{ leaders }] = await spanish.sql<{ leaders: number }[]>`select count(*)::int as leaders from group_facilitators where group_id = ${group.id}`;
      await page.goto(url(`/groups/${group.id}/edit`));
      await page.getByLabel("Nora Nueva (facilitador/a)").check();
      await page.getByRole("button", { name: "Guardar el grupo" }).click();
      const summary = page.locator(".error-summary");
      await summary.waitFor();
      const text = await summary.innerText();
      expect(text).toContain("Nora Nueva no puede dirigir este grupo (clase): le falta ");
      expect(text).toMatch(/\(PA-CSE 2\.04\): sin registro/);
      expect(text).toContain("“Asignar de todos modos”");
      expect(await page.locator("main").innerText()).not.toMatch(/cannot lead|no record|not verified yet|would lead|Untick|Assign anyway/);
      await expectAccessible(page);
      await expect(spanish.sql`select count(*)::int as n from group_facilitators where group_id = ${group.id}`.then(([r]) => r.n)).resolves.toBe(leaders);
    } finally {
      await spanish.sql`delete from users where id = ${newcomer.id}`;
    }
  });
});

