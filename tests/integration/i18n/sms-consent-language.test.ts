import { and, desc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { consents } from "~/db/tables/consent";
import { smsOutbox } from "~/db/tables/sms";
import { SMS_CONSENT_TEXT } from "~/modules/consent/wording";
import { addPhone, confirmPhone, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { createOrgScenario, createPerson, type Person } from "../../factories/scenario";

async function confirmNumber(person: Person, number: string) {
  await addPhone(person, number);
  const [row] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code"))).orderBy(desc(smsOutbox.id)).limit(1);
  const code = /\b(\d{6})\b/.exec(row?.body ?? "")?.[1] ?? "";
  expect(await confirmPhone(person, code)).toEqual({ ok: true });
}

const wordingOf = async (userId: string) =>
  (await db.select({ wording: consents.wording }).from(consents).where(and(eq(consents.userId, userId), eq(consents.kind, "sms_session_reminders"), isNull(consents.revokedAt))))[0]?.wording;

/** /profile shows the text-message choices in the reader's language: the consent record keeps those words. */
describe("text-message choices in the reader's language", () => {
  it("a Spanish reader's choice records the Spanish statement; an English reader's the English", async () => {
    const s = await createOrgScenario();
    const maria = await createPerson(s.org, "participant", { locale: "es-ES" });
    const ben = await createPerson(s.org, "participant", { locale: "en-US" });
    await confirmNumber(maria, "+1 415 555 0181");
    await confirmNumber(ben, "+1 415 555 0182");
    await setSmsChoices(maria, ["sms_session_reminders"]);
    await setSmsChoices(ben, ["sms_session_reminders"]);
    expect(await wordingOf(maria.id)).toMatch(/^Acepto recibir mensajes de texto de esta organización en mi número de celular confirmado: un recordatorio antes de cada sesión/);
    expect(await wordingOf(ben.id)).toBe(SMS_CONSENT_TEXT.sms_session_reminders.wording);
  });
});
