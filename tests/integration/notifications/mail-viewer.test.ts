import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import * as adminMail from "~/routes/admin.mail";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

const mail = (subject: string) => ({ subject, text: subject, html: `<p>${subject}</p>` });

describe("the outgoing-mail viewer", () => {
  afterEach(() => {
    delete process.env.MAIL_VIEWER;
  });

  it("shows an administrator only their own organisation's mail", async () => {
    const mine = await createOrgScenario();
    const other = await createOrgScenario();
    await enqueueEmail(db, { ...mail("Welcome to our circle"), to: mine.participant.email, organizationId: mine.org.id });
    await enqueueEmail(db, { ...mail("Other agency: Jordan's intake"), to: other.participant.email, organizationId: other.org.id });
    await enqueueEmail(db, { ...mail("Reset your password"), to: "someone@test.example", organizationId: null });
    const page = await callRoute(adminMail, { path: "/admin/mail", cookie: mine.admin.cookie });
    expect(page.status).toBe(200);
    const { messages } = page.data as { messages: { subject: string; to: string }[] };
    expect(messages.map((m) => m.subject)).toEqual(["Welcome to our circle"]);
  });

  it("is off when MAIL_VIEWER=0", async () => {
    const s = await createOrgScenario();
    process.env.MAIL_VIEWER = "0";
    expect((await callRoute(adminMail, { path: "/admin/mail", cookie: s.admin.cookie })).status).toBe(404);
  });
});
