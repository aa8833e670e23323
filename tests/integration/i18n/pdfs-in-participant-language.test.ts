import { and, desc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCertificates, enrolmentOutcomes } from "~/db/tables/completion";
import { informationReleases } from "~/db/tables/releases";
import { certificateCode } from "~/modules/completion/queries.server";
import * as certificateRoute from "~/routes/enrolments.$enrolmentId.certificate[.]pdf";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import * as lettersRoute from "~/routes/enrolments.$enrolmentId.letters";
import * as letterPdfRoute from "~/routes/letters.$letterId[.]pdf";
import * as myReleases from "~/routes/my.releases";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { pdfText } from "../../factories/pdf";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * The PDFs a participant gets (certificate of completion, letters sent under their release) are
 * written in the participant's language (users.locale), whoever downloads or issues them; the
 * text is read back as a reader extracts it. English ones are unchanged (tests/integration/completion).
 */
let s: Scenario;
const DAY = 86_400_000;
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });

beforeAll(async () => {
  s = await createOrgScenario();
});

/** A Spanish-speaking participant of a group led by s.facilitator, with sessions present, late, absent (the last `statuses.length`). */
async function spanishParticipant(name: string, statuses: readonly ("present" | "late" | "absent")[]) {
  const group = await createGroup(s, { name: `Grupo de ${name}`, facilitatorId: s.facilitator.id });
  const person = await addParticipant(s, group.id, { name });
  await db.update(users).set({ locale: "es-ES" }).where(eq(users.id, person.id));
  person.locale = "es-ES";
  const held = [];
  for (const [i, status] of statuses.entries()) {
    const session = await createSessionAt(group.id, s.org.id, new Date(Date.now() - (statuses.length - i) * 3 * DAY), { status: "held", minutes: 90 });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId: group.id, sessionId: session.id, userId: person.id, status, source: "roster" });
    held.push(session);
  }
  const [enrolment] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id)));
  return { group, person, enrolmentId: enrolment.id, held };
}

async function loaderBytes(route: { loader: (args: never) => unknown }, path: string, params: Record<string, string>, who: Person) {
  const request = new Request(`http://test.local${path}`, { headers: { cookie: who.cookie } });
  const response = (await route.loader({ request, params, context: {} } as never)) as Response;
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe("PDFs in the participant's language", () => {
  it("a certificate of completion is in Spanish for a Spanish participant, also when an English-speaking manager downloads it", async () => {
    const c = await spanishParticipant("José Núñez", ["present", "present"]);
    const out = await callRoute(groupCompletion, {
      path: `/groups/${c.group.id}/completion`,
      params: { groupId: c.group.id },
      cookie: s.manager.cookie,
      form: { intent: "outcome", enrolmentId: c.enrolmentId, outcome: "completed", endedOn: today() },
    });
    expect(out.status).toBe(302);
    const [outcome] = await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.enrolmentId, c.enrolmentId));
    const [cert] = await db.select().from(completionCertificates).where(eq(completionCertificates.outcomeId, outcome.id));
    const code = certificateCode(cert.id);
    for (const who of [c.person, s.manager]) {
      const bytes = await loaderBytes(certificateRoute, `/enrolments/${c.enrolmentId}/certificate.pdf`, { enrolmentId: c.enrolmentId }, who);
      const text = await pdfText(bytes);
      expect(text).toContain("Certificado de finalización");
      expect(text).toContain("Se certifica que");
      expect(text).toContain("José Núñez");
      expect(text).toContain("ha completado");
      expect(text).toContain(`del ${cert.startedOn} al ${today()}, con 3,0 horas de asistencia`);
      expect(text).toContain(`Código de verificación: ${code}`);
      expect(text).toMatch(/Compruébelo en http\S+\/verify\//);
      expect(text).not.toMatch(/Certificate|This certifies|has completed|hours attended|Check it at/);
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getTitle()).toBe("Certificado de finalización: Program");
    }
  });

  it("a letter under a Spanish participant's release is written in Spanish (frozen when issued), whoever issues and prints it", async () => {
    const c = await spanishParticipant("Lucía Pérez", ["present", "late", "absent"]);
    const terms = {
      recipientName: "Officer Dana Reyes",
      recipientOrganization: "County Probation",
      recipientContact: "dana.reyes@probation.example",
      purpose: "Prueba de asistencia para mi audiencia",
      "shares[]": ["attendance_dates", "attendance_totals", "completion_status", "progress_summary"],
      expiresOn: DateTime.now().setZone("America/New_York").plus({ months: 3 }).toISODate()!,
      programId: s.program.id,
    };
    const review = await callRoute(myReleases, { path: "/my/releases", cookie: c.person.cookie, form: { intent: "review", ...terms } });
    const { hash } = (review.data as { review: { hash: string } }).review;
    const signed = await callRoute(myReleases, { path: "/my/releases", cookie: c.person.cookie, form: { intent: "sign", ...terms, statementHash: hash, signedName: c.person.name, agree: "yes" } });
    expect(signed.status).toBe(302);
    const [release] = await db.select().from(informationReleases).where(eq(informationReleases.userId, c.person.id)).orderBy(desc(informationReleases.recordedAt)).limit(1);
    // An English-speaking manager issues it.
    const issued = await callRoute(lettersRoute, { path: `/enrolments/${c.enrolmentId}/letters`, params: { enrolmentId: c.enrolmentId }, cookie: s.manager.cookie, form: { intent: "issue", releaseId: release.id } });
    expect(issued.status).toBe(302);
    const letterId = new URL(`http://x${issued.location}`).searchParams.get("issued")!;
    const firstDay = DateTime.fromJSDate(c.held[0].startsAt, { zone: "America/New_York" }).setLocale("es").toFormat("d LLL yyyy");
    for (const who of [s.manager, c.person]) {
      const bytes = await loaderBytes(letterPdfRoute, `/letters/${letterId}.pdf`, { letterId }, who);
      const text = await pdfText(bytes);
      expect(text).toContain("Asunto: Lucía Pérez, Program");
      expect(text).toContain("Lucía Pérez nos ha autorizado a compartir con usted la información de abajo con esta finalidad: Prueba de asistencia para mi audiencia. Esta carta indica solo lo que permite esa autorización.");
      expect(text).toContain("Fechas de asistencia");
      expect(text).toContain(firstDay);
      expect(text).toContain("Asistió a 2 de las 3 sesiones realizadas (3,0 horas).");
      expect(text).toContain("Ausencias justificadas: 0. Ausencias no justificadas: 1.");
      expect(text).toMatch(/Participa desde el \d{1,2} de \w+ de \d{4}; todavía no ha terminado el programa\./);
      expect(text).toContain("Resumen del progreso");
      expect(text).toMatch(/Compartido con una autorización de divulgación firmada en nuestra aplicación el \d{1,2} de \w+ de \d{4}/);
      expect(text).toContain(`${s.manager.name}, Gerente de programa, en nombre de ${s.org.name}`);
      expect(text).toMatch(/Referencia de la carta [0-9A-F]{8}/);
      // Organisation and people's own words stay as entered; no English sentence is left.
      expect(text).toContain("Officer Dana Reyes");
      expect(text).not.toMatch(/Attended|Attendance|Taking part|has authorised|Shared under|Letter reference|Re: /);
      expect((await PDFDocument.load(bytes)).getTitle()).toBe("Carta de asistencia: Lucía Pérez, Program");
    }
  });
});
