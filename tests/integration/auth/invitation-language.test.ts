import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, invitations, users } from "~/db/schema";
import { acceptInvitation } from "~/modules/auth/mutations.server";
import * as peopleRoute from "~/routes/admin.people";
import { invitationEmail } from "../../../emails/invitation";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * The invitee's language (issue 18 leftover: an invitation went out in the inviter's language):
 * the inviter chooses it on the form (default: their own), it is stored with the invitation, the
 * email (and a resend) is written in it, and the new account starts in it.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const act = (who: Person, form: Record<string, string>) => callRoute(peopleRoute, { path: "/admin/people", cookie: who.cookie, form });
const mailsTo = (email: string) => db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(asc(emailOutbox.createdAt));
const invitationOf = async (email: string) => (await db.select().from(invitations).where(and(eq(invitations.organizationId, s.org.id), eq(invitations.email, email))))[0];
const tokenIn = (text: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";
const spanishSubject = () => invitationEmail({ organizationName: s.org.name, inviterName: "x", role: "facilitator", url: "u", locale: "es-US" }).subject;

describe("the invitee's language", () => {
  it("an English manager invites in Spanish: stored, the email is Spanish, and the new account starts in Spanish", async () => {
    const email = "nueva@test.example";
    const out = await act(s.manager, { intent: "invite", email, role: "facilitator", locale: "es-US" });
    expect(out.status).toBe(200);
    expect((await invitationOf(email)).locale).toBe("es-US");
    const [mail] = await mailsTo(email);
    const expected = invitationEmail({ organizationName: s.org.name, inviterName: s.manager.name, role: "facilitator", url: `x/invite/${tokenIn(mail.textBody)}`, locale: "es-US" });
    expect(mail.subject).toBe(expected.subject);
    expect(mail.subject).not.toBe(invitationEmail({ organizationName: s.org.name, inviterName: s.manager.name, role: "facilitator", url: "u", locale: "en-US" }).subject);
    const { userId } = await acceptInvitation({ token: tokenIn(mail.textBody), name: "Nueva Persona", timezone: "America/New_York", password: "a long enough passphrase 42" });
    expect((await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId)))[0].locale).toBe("es-US");
  });

  it("without a choice it is the inviter's language; a resend by someone else keeps the invitation's language", async () => {
    const spanishManager = await createPerson(s.org, "manager", { locale: "es-ES" });
    const email = "porDefecto@test.example".toLowerCase();
    expect((await act(spanishManager, { intent: "invite", email, role: "participant" })).status).toBe(200);
    const invitation = await invitationOf(email);
    expect(invitation.locale).toBe("es-ES");
    expect((await act(s.admin, { intent: "resend", invitationId: invitation.id })).status).toBe(200);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail.subject).toBe(spanishSubject());
  });

  it("re-inviting an open invitation in another language changes it", async () => {
    const email = "cambia@test.example";
    await act(s.manager, { intent: "invite", email, role: "participant", locale: "es-ES" });
    await act(s.manager, { intent: "invite", email, role: "participant", locale: "en-GB" });
    expect((await invitationOf(email)).locale).toBe("en-GB");
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject === spanishSubject())).toEqual([true, false]);
  });

  it("refuses a language that is not offered, and changes nothing", async () => {
    const email = "rara@test.example";
    const out = await act(s.manager, { intent: "invite", email, role: "participant", locale: "xx-YY" });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.locale).toEqual(["Choose a language from the list."]);
    expect(await invitationOf(email)).toBeUndefined();
    expect(await mailsTo(email)).toHaveLength(0);
  });
});
