import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Service records in Spanish: a manager whose language is Spanish tries to close an open incident
 * without a closing note and reads the refusal in Spanish (nothing changes); a facilitator's
 * contact form names the person's goals and objectives in Spanish.
 */
const spanish = spanishReaders();

describe("service records in Spanish", () => {
  it("closing an incident without a closing note is refused in Spanish and the incident stays open", async () => {
    const [incident] = await spanish.sql<{ id: string }[]>`select id from incidents where status = 'open' order by created_at limit 1`;
    const page = await spanish.tab("manager@riverside.example");
    await page.goto(url(`/incidents/${incident.id}`));
    await expectHeading(page, /^Incidente: /);
    await page.getByRole("button", { name: "Cerrar incidente" }).click();
    const alert = page.getByRole("alert").first();
    await alert.getByText("Escriba una nota de cierre").waitFor();
    await expect(alert.textContent()).resolves.toContain("Hay un problema");
    await expect(page.getByLabel("Nota de cierre").getAttribute("aria-invalid")).resolves.toBe("true");
    await expectAccessible(page);
    const [after] = await spanish.sql<{ status: string }[]>`select status from incidents where id = ${incident.id}`;
    expect(after.status).toBe("open");
  });

  it("a draft contact's goal and objective choices read in Spanish", async () => {
    const [contact] = await spanish.sql<{ id: string; participant_id: string }[]>`
      select c.id, c.participant_id from individual_contacts c join users u on u.id = c.participant_id
      where u.email = 'pat@riverside.example' and c.signed_at is null limit 1`;
    const page = await spanish.tab("fran@riverside.example");
    await page.goto(url(`/participants/${contact.participant_id}/contacts/${contact.id}`));
    await expectHeading(page, /^Contacto con /);
    const choices = await page.getByLabel("Meta u objetivo trabajado").locator("option").allInnerTexts();
    expect(choices[0]).toBe("Ninguna de sus metas");
    expect(choices.slice(1).length).toBeGreaterThan(0);
    for (const choice of choices.slice(1)) expect(choice).toMatch(/^(Meta|Objetivo): /);
    await expectAccessible(page);
  });
});
