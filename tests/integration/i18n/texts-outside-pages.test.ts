import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, sessions, users } from "~/db/schema";
import { smsOutbox } from "~/db/tables/sms";
import { createInvitation } from "~/modules/auth/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { encodingOf } from "~/modules/notifications/sms/message";
import { queueReminderTexts } from "~/modules/notifications/sms/jobs.server";
import { addPhone, confirmPhone, handleInboundText, processSmsOutbox, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { fileSmsTransport } from "~/modules/notifications/sms/transport.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import { UTF8_BOM } from "~/modules/export/csv";
import { parseCsv } from "~/modules/referrals/csv";
import * as intakeCsv from "~/routes/intake.export[.]csv";
import * as matrixCsv from "~/routes/competency.matrix[.]csv";
import * as funderCsv from "~/routes/metrics.funder[.]csv";
import { callRoute } from "../../factories/requests";
import { intake } from "../../factories/registration";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/**
 * What the app writes outside its pages — emails, text messages — is in the recipient's language
 * (users.locale), read back from a real SMTP server and the file transport; English stays as it was.
 */
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  s = await createOrgScenario();
  smtp = await startSmtpServer();
  // The manager reads Spanish; the admin and the facilitator English.
  await db.update(users).set({ locale: "es-ES" }).where(eq(users.id, s.manager.id));
  s.manager.locale = "es-ES";
});
afterAll(async () => {
  await smtp?.close();
});

async function deliveredTo(address: string): Promise<ParsedMail[]> {
  await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(Date.now() + 1000) });
  return smtp.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));
}

describe("emails outside pages, in the recipient's language", () => {
  it("an invitation goes out in the inviter's language (the invitee has none yet); an English inviter's is unchanged", async () => {
    await createInvitation({ actor: s.manager, email: "nueva-facilitadora@test.example", role: "facilitator", baseUrl: "http://test.local" });
    await createInvitation({ actor: s.admin, email: "new-facilitator@test.example", role: "facilitator", baseUrl: "http://test.local" });
    const [spanish] = await deliveredTo("nueva-facilitadora@test.example");
    expect(spanish.subject).toBe("Tiene una invitación");
    expect(spanish.text).toContain(`${s.manager.name} le invitó a unirse a ${s.org.name} como facilitador/a.`);
    expect(spanish.text).toContain("El enlace de la invitación funciona durante 7 días.");
    expect(spanish.text).toMatch(/Aceptar la invitación: http:\/\/test\.local\/invite\/\S+/);
    expect(spanish.html).toContain('<html lang="es-ES">');
    expect(spanish.text).not.toMatch(/Hello|invited|Accept/);
    const [english] = await deliveredTo("new-facilitator@test.example");
    expect(english.subject).toBe("You have an invitation");
    expect(english.text).toContain(`Hello,\n\n${s.admin.name} invited you to join ${s.org.name} as a facilitator.\n\nThe invitation link works for 7 days.`);
    expect(english.text).toContain("You receive this because you take part in a group with this organisation.");
  });

  it("an urgent intake alerts the Spanish manager in Spanish and the English facilitator in English, neither naming the person", async () => {
    const applicant = await createPerson(s.org, "participant", { name: "Rosa Urgente" });
    await registerForGroup(applicant, s.group.id, intake({ urgent: true }), { baseUrl: "http://test.local" });
    const [spanish] = await deliveredTo(s.manager.email);
    expect(spanish.subject).toBe(`Admisión urgente para ${s.group.name}`);
    expect(spanish.text).toContain(`Hola, ${s.manager.name}:`);
    expect(spanish.text).toContain(`Una nueva admisión para ${s.group.name} indica una necesidad urgente. Revísela y contacte a la persona lo antes posible.`);
    expect(spanish.text).toContain("Usted recibe este mensaje porque administra o facilita este grupo.");
    expect(spanish.text).not.toContain("Rosa");
    const english = (await deliveredTo(s.facilitator.email)).find((m) => m.subject?.startsWith("Urgent intake"));
    expect(english?.subject).toBe(`Urgent intake for ${s.group.name}`);
    expect(english?.text).toContain(`A new intake for ${s.group.name} reports an urgent need. Please review it and contact the person as soon as you can.`);
    expect(english?.text).toContain("Urgent intakes are listed first in the intake queue.");
  });

  it("a new concern reaches the Spanish manager in Spanish, without its content", async () => {
    const before = (await deliveredTo(s.manager.email)).length;
    await raiseConcern(
      s.participant,
      { sessionId: null, groupId: null, programId: s.program.id, summary: "Ruido en la sala", body: "Detalle privado", subject: "program", facilitatorId: null, anonymous: false },
      new Date(),
      "http://test.local",
    );
    const mail = (await deliveredTo(s.manager.email)).slice(before).find((m) => m.subject === "Se presentó una nueva queja");
    expect(mail?.text).toContain("Un/a participante presentó una inquietud o queja. Revísela y responda dentro del plazo de respuesta de la organización.");
    expect(mail?.text).toMatch(/Abrir la queja: http:\/\/test\.local\/concerns\/\S+/);
    expect(mail?.text).not.toMatch(/Ruido|Detalle privado/);
  });
});

describe("text messages in the recipient's language", () => {
  async function lastCode(person: Person): Promise<string> {
    const rows = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code")));
    return /\b(\d{6})\b/.exec(rows.at(-1)?.body ?? "")![1];
  }

  it("a Spanish participant's code and reminder are in Spanish (GSM-7, one segment, no group name) and HELP answers in Spanish; an English one's are unchanged", async () => {
    const lucia = await createPerson(s.org, "participant", { name: "Lucía", locale: "es-ES", timezone: "Europe/Madrid" });
    const ben = await createPerson(s.org, "participant", { name: "Ben", locale: "en-US" });
    await db.insert(enrolments).values([lucia, ben].map((p) => ({ groupId: s.group.id, userId: p.id, organizationId: s.org.id })));
    await addPhone(lucia, "+14155550311");
    await addPhone(ben, "+14155550312");
    // Read before sending: a sent code is masked in the outbox.
    const codes = [await lastCode(lucia), await lastCode(ben)];

    // The code, written by the file transport (as administrators read it under .data/sms).
    const dir = mkdtempSync(path.join(tmpdir(), "sms-es-"));
    await processSmsOutbox({ transport: fileSmsTransport(dir), now: () => new Date(Date.now() + 1000) });
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8"));
    rmSync(dir, { recursive: true, force: true });
    const spanishCode = files.find((f) => f.includes("To: +14155550311"));
    expect(spanishCode).toMatch(new RegExp(`^${s.org.name}: su clave es \\d{6}\\. Caduca en 10 minutos\\. Si no la ha pedido, ignore este mensaje\\.$`, "m"));
    const englishCode = files.find((f) => f.includes("To: +14155550312"));
    expect(englishCode).toMatch(new RegExp(`^${s.org.name}: your code is \\d{6}\\. It expires in 10 minutes\\. If you did not ask for it, ignore this text\\.$`, "m"));

    expect(spanishCode).toContain(codes[0]);
    expect(await confirmPhone(lucia, codes[0])).toEqual({ ok: true });
    expect(await confirmPhone(ben, codes[1])).toEqual({ ok: true });
    await setSmsChoices(lucia, ["sms_session_reminders"]);
    await setSmsChoices(ben, ["sms_session_reminders"]);
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    await queueReminderTexts(new Date(first.startsAt.getTime() - 3_600_000), "https://g.example");
    const reminders = await db.select().from(smsOutbox).where(eq(smsOutbox.kind, "reminder"));
    const spanish = reminders.find((r) => r.userId === lucia.id)!.body;
    // The group meets in its own zone; Lucía reads the time in Madrid, 24-hour, Spanish day and month.
    expect(spanish).toMatch(
      new RegExp(`^${s.org.name}: recordatorio: grupo el (lun|mar|mié|jue|vie|sáb|dom) \\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic) \\d{4}, \\d\\d:\\d\\d \\S+\\. https://g\\.example/groups/${s.group.id} Baja: responda STOP$`),
    );
    expect(spanish).not.toContain(s.group.name);
    // The scenario's sessions are on Tuesdays (Tuesday or Wednesday in Madrid): no letter outside GSM-7.
    expect(encodingOf(spanish)).toBe("GSM-7");
    expect(spanish.length).toBeLessThanOrEqual(160);
    const english = reminders.find((r) => r.userId === ben.id)!.body;
    expect(english).toMatch(new RegExp(`^${s.org.name}: reminder, your group meets \\w{3}, \\w{3} \\d{1,2}, \\d{4}, \\d{1,2}:\\d\\d [AP]M \\S+\\. https://g\\.example/groups/${s.group.id} Reply STOP to opt out$`));

    const help = await handleInboundText({ from: "+14155550311", body: "AYUDA", now: new Date() });
    expect(help.reply).toBe(`${s.org.name}: mensajes de sus grupos. Ayuda: ${appUrl()}. Responda STOP para dejar de recibirlos y START para volver a recibirlos.`);
    const englishHelp = await handleInboundText({ from: "+14155550312", body: "HELP", now: new Date() });
    expect(englishHelp.reply).toBe(`${s.org.name}: group session texts. Help: ${appUrl()}. Reply STOP to end texts, START to resume.`);
  });
});

describe("CSV downloads: the header row in the downloader's language", () => {
  /** The file's text exactly as sent (Response.text() would drop the byte-order mark). */
  async function download(route: { loader: (args: never) => unknown }, path: string, who: Person) {
    const request = new Request(`http://test.local${path}`, { headers: { cookie: who.cookie, origin: "http://test.local" } });
    const response = (await route.loader({ request, params: {}, context: {} } as never)) as Response;
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer()).toString("utf8");
  }
  const records = (text: string) => {
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.records.map((r) => r.fields);
  };

  it("the intake queue: Spanish column names for a Spanish manager, the same data cells, notice and byte-order mark; English unchanged", async () => {
    const englishManager = await createPerson(s.org, "manager", { timezone: "America/New_York" });
    const spanish = await download(intakeCsv, "/intake/export.csv?show=all", s.manager);
    const english = await download(intakeCsv, "/intake/export.csv?show=all", englishManager);
    expect(spanish.startsWith(UTF8_BOM)).toBe(true);
    const es = records(spanish.slice(1));
    const en = records(english.slice(1));
    // The scenario's group is a peer recovery group: the 42 CFR 2.32 notice (the rule's own words) first, in both.
    expect(es[0][0]).toMatch(/^Notice \(42 CFR 2\.32\): /);
    expect(es[0]).toEqual(en[0]);
    expect(en[1]).toEqual(["Priority", "Participant", "Group", "Need areas", "Status", "Received (America/New_York)", "Reviewed (America/New_York)"]);
    expect(es[1]).toEqual(["Prioridad", "Participante", "Grupo", "Áreas de necesidad", "Estado", "Recibido (America/New_York)", "Revisado (America/New_York)"]);
    expect(es.length).toBeGreaterThan(2);
    expect(es.slice(2)).toEqual(en.slice(2));
    // Only the header line differs, byte for byte (ISO dates, codes and names stay as they are).
    expect(spanish.split("\r\n").filter((line, i) => line !== english.split("\r\n")[i])).toEqual([es[1].join(",")]);
  });

  it("a file a module writes whole (the competency matrix) has Spanish column names too", async () => {
    const spanish = records((await download(matrixCsv, "/competency/matrix.csv", s.manager)).slice(1));
    expect(spanish[0]).toEqual(["Facilitador/a", "Correo electrónico", "Rol", "Código del elemento", "Elemento", "Estándar", "Tipo", "Obligatorio", "Estado", "Logrado el", "Vence el", "Verificado por", "Verificado el"]);
    const english = records((await download(matrixCsv, "/competency/matrix.csv", s.admin)).slice(1));
    expect(english[0]).toEqual(["Facilitator", "Email", "Role", "Item code", "Item", "Standard", "Kind", "Required", "Status", "Achieved on", "Expires on", "Verified by", "Verified at"]);
    expect(spanish.slice(1)).toEqual(english.slice(1));
  });

  it("the funder report: title, row names and column names in Spanish, figures as they are; a refusal in Spanish", async () => {
    const text = (await download(funderCsv, "/metrics/funder.csv?rule=fixed&from=2025-01-01&to=2025-12-31", s.manager)).slice(1);
    const lines = records(text);
    expect(lines[0]).toEqual([`Informe para financiadores: ${s.org.name}`]);
    expect(lines.map((l) => l[0])).toEqual(expect.arrayContaining(["Período", "Programas", "Sesiones impartidas", "Horas impartidas", "Dimensión"]));
    const header = lines.find((l) => l[0] === "Dimensión")!;
    expect(header.slice(0, 10)).toEqual(["Dimensión", "Categoría", "Personas atendidas", "Nuevas", "Continúan", "Sesiones asistidas", "Horas de participantes", "Completaron", "Inscripciones terminadas (personas)", "Tasa de finalización"]);
    expect(lines.find((l) => l[0] === "Período")!.slice(2)).toEqual(["2025-01-01 to 2025-12-31"]);
    const refused = await callRoute(funderCsv, { path: "/metrics/funder.csv", cookie: s.manager.cookie });
    expect(refused.status).toBe(400);
    expect(refused.data).toBe("Elija primero un período (y los programas).");
  });
});
