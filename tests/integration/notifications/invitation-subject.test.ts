import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { invitations, organizations, users } from "~/db/schema";
import { createInvitation, resendInvitation } from "~/modules/auth/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { createOrganization } from "~/modules/orgs/mutations.server";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/**
 * An organisation's invitation named it in the subject ("You are invited to Riverside Recovery
 * Services"), which a locked phone shows: an agency's name there can disclose treatment. The
 * invitee may have no account, so no choice of their own: the subject is discreet unless the
 * address belongs to an account whose owner confirmed it and chose named entries. The body still
 * names the organisation. Checked on the subjects a real SMTP server receives.
 */
const AGENCY = "Harbor Recovery Services";
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  s = await createOrgScenario();
  await db.update(organizations).set({ name: AGENCY }).where(eq(organizations.id, s.org.id));
  // The actors carry the organisation's name as they would once signed in.
  for (const who of [s.admin, s.manager]) who.organizationName = AGENCY;
  smtp = await startSmtpServer();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
});

async function deliveredTo(address: string): Promise<ParsedMail[]> {
  await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(Date.now() + 1000) });
  return smtp.messages.filter((m) => (m.to as { text: string }).text.includes(address));
}

describe("an organisation's invitation names the organisation in its subject only for a named reader", () => {
  it("to an address with no account: a discreet subject; the body names the organisation", async () => {
    await createInvitation({ actor: s.admin, email: "newcomer@test.example", role: "participant", baseUrl: "http://test.local" });
    const [mail] = await deliveredTo("newcomer@test.example");
    expect(mail.subject).toBe("You have an invitation");
    expect(mail.text).toContain(`invited you to join ${AGENCY} as a participant`);
  });

  it("in Spanish (the inviter's language) too", async () => {
    await createInvitation({ actor: s.admin, email: "nuevo@test.example", role: "facilitator", locale: "es-US", baseUrl: "http://test.local" });
    const [mail] = await deliveredTo("nuevo@test.example");
    expect(mail.subject).toBe("Tiene una invitación");
    expect(mail.text).toContain(`le invitó a unirse a ${AGENCY} como facilitador/a`);
  });

  it("to an existing account: named only if its owner chose named entries; a resend follows the choice made since", async () => {
    const other = await createOrgScenario();
    const named = await createPerson(other.org, "participant");
    await db.update(users).set({ calendarDiscreet: false }).where(eq(users.id, named.id));
    const discreet = await createPerson(other.org, "participant");
    await db.update(users).set({ calendarDiscreet: true }).where(eq(users.id, discreet.id));
    const neverChose = await createPerson(other.org, "manager");
    await createInvitation({ actor: s.admin, email: named.email, role: "participant", baseUrl: "http://test.local" });
    await createInvitation({ actor: s.admin, email: discreet.email, role: "participant", baseUrl: "http://test.local" });
    await createInvitation({ actor: s.admin, email: neverChose.email, role: "facilitator", baseUrl: "http://test.local" });
    expect((await deliveredTo(named.email)).map((m) => m.subject)).toEqual([`You are invited to ${AGENCY}`]);
    expect((await deliveredTo(discreet.email)).map((m) => m.subject)).toEqual(["You have an invitation"]);
    // Staff elsewhere who never chose: the invitation is not from their organisation, and they may not be staff here.
    expect((await deliveredTo(neverChose.email)).map((m) => m.subject)).toEqual(["You have an invitation"]);

    await db.update(users).set({ calendarDiscreet: true }).where(eq(users.id, named.id));
    const [open] = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, named.email));
    await resendInvitation(s.admin, open.id, { baseUrl: "http://test.local" });
    expect((await deliveredTo(named.email)).map((m) => m.subject)).toEqual([`You are invited to ${AGENCY}`, "You have an invitation"]);
  });

  it("an address someone signed up with but never confirmed counts as no account: discreet", async () => {
    const [unconfirmed] = await db
      .insert(users)
      .values({ name: "Not confirmed", email: "unconfirmed-named@test.example", timezone: "America/New_York", calendarDiscreet: false })
      .returning();
    await createInvitation({ actor: s.admin, email: unconfirmed.email, role: "participant", baseUrl: "http://test.local" });
    expect((await deliveredTo(unconfirmed.email)).map((m) => m.subject)).toEqual(["You have an invitation"]);
  });

  it("a new organisation's first administrator's invitation is discreet too", async () => {
    await createOrganization(
      { name: "Lakeside Recovery Center", slug: `lakeside-${Date.now()}`, timezone: "America/New_York", adminEmail: "first-admin@test.example", crisisText: "" },
      { baseUrl: "http://test.local", now: new Date() },
    );
    const [mail] = await deliveredTo("first-admin@test.example");
    expect(mail.subject).toBe("You have an invitation");
    expect(mail.text).toContain("Lakeside Recovery Center");
  });
});
