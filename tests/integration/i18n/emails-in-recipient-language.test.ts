import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { users } from "~/db/schema";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as signup from "~/routes/o.$slug.signup";
import { intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/** Emails go out in the recipient's language (users.locale), read back from a real SMTP server. */
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  s = await createOrgScenario();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

async function deliveredTo(address: string): Promise<ParsedMail[]> {
  await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(Date.now() + 1000) });
  return smtp.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));
}

describe("emails in the recipient's language", () => {
  it("a sign-up from a browser asking for Spanish (Spain) stores es-ES and the confirmation email is in Spanish", async () => {
    const email = `lucia-${Date.now()}@test.example`;
    const out = await callRoute(signup, {
      path: `/o/${s.org.slug}/signup`,
      params: { slug: s.org.slug },
      headers: { "accept-language": "es-ES,es;q=0.9,en;q=0.5" },
      form: { name: "Lucía", email, timezone: "Europe/Madrid", password: "una frase larga de prueba", confirmPassword: "una frase larga de prueba" },
    });
    expect(out.status).toBe(200);
    const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.email, email));
    expect(row.locale).toBe("es-ES");
    const [mail] = await deliveredTo(email);
    expect(mail.subject).toBe("Confirme su dirección de correo electrónico");
    expect(mail.text).toContain("Hola, Lucía:");
    expect(mail.text).toContain(`Le damos la bienvenida a ${s.org.name}.`);
    expect(mail.text).toMatch(/Confirmar mi correo electrónico: http:\/\/\S+\/confirm-email\//);
    expect(mail.html).toContain('<html lang="es-ES">');
    expect(mail.text).not.toMatch(/Hello|Welcome|Confirm my/);
  });

  it("the language chosen on the sign-up form wins over the browser's", async () => {
    const email = `ana-${Date.now()}@test.example`;
    await callRoute(signup, {
      path: `/o/${s.org.slug}/signup`,
      params: { slug: s.org.slug },
      headers: { "accept-language": "es-ES" },
      form: { name: "Ana", email, timezone: "America/New_York", locale: "en-US", password: "una frase larga de prueba", confirmPassword: "una frase larga de prueba" },
    });
    expect((await db.select({ locale: users.locale }).from(users).where(eq(users.email, email)))[0].locale).toBe("en-US");
    const [mail] = await deliveredTo(email);
    expect(mail.subject).toBe("Confirm your email address");
  });

  it("a Spanish (US) participant's registration email is in Spanish with a 12-hour Spanish date; an English one's is unchanged", async () => {
    const maria = await createPerson(s.org, "participant", { name: "María", locale: "es-US", timezone: "America/Chicago" });
    const ben = await createPerson(s.org, "participant", { name: "Ben", locale: "en-US", timezone: "America/Chicago" });
    // Ben chose named calendar entries; María did not, so her subject (shown on a locked phone) names no group.
    await db.update(users).set({ calendarDiscreet: false }).where(eq(users.id, ben.id));
    await registerForGroup(maria, s.group.id, intake(), { baseUrl: "http://test.local" });
    await registerForGroup(ben, s.group.id, intake(), { baseUrl: "http://test.local" });
    const [spanish] = await deliveredTo(maria.email);
    // The scenario's group has 10 seats and 2 taken: both get a seat and its next session.
    expect(spanish.subject).toBe("Su inscripción: tiene un lugar");
    expect(spanish.text).toContain(`Usted tiene un lugar en ${s.group.name}.`);
    expect(spanish.text).toContain("Hola, María:");
    expect(spanish.text).toMatch(/La próxima sesión es el (lun|mar|mié|jue|vie|sáb|dom) \d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic) \d{4}, \d{1,2}:\d\d [ap]\. m\. C[SD]T\./);
    expect(spanish.text).toContain("Ver mis grupos: http://test.local/my/groups");
    expect(spanish.text).toContain("Usted recibe este mensaje porque participa en un grupo de esta organización.");
    const [english] = await deliveredTo(ben.email);
    expect(english.subject).toBe(`You're in: ${s.group.name}`);
    expect(english.text).toMatch(/The next session is \w{3}, \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M C[SD]T\./);
    expect(english.text).toContain("Hello Ben,");
    expect(english.text).toContain("You receive this because you take part in a group with this organisation.");
  });
});
