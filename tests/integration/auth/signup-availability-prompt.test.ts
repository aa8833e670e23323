import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import * as availability from "~/routes/availability";
import * as confirm from "~/routes/confirm-email.$token";
import * as home from "~/routes/home";
import * as signup from "~/routes/o.$slug.signup";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

type Home = Awaited<ReturnType<typeof home.loader>>;

describe("after sign-up", () => {
  it("the new participant's home asks when they are usually free, until they say", async () => {
    const s = await createOrgScenario();
    const password = "a-long-password";
    await callRoute(signup, {
      path: `/o/${s.org.slug}/signup`,
      params: { slug: s.org.slug },
      form: { name: "Pia Prompt", email: "pia@example.org", timezone: "Europe/London", password, confirmPassword: password },
    });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "pia@example.org")).orderBy(desc(emailOutbox.id));
    const token = new RegExp(`${appUrl()}/confirm-email/([A-Za-z0-9_-]+)`).exec(mail.textBody)![1];
    const done = await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token }, form: { password } });
    const cookie = done.headers!.get("set-cookie")!.split(";")[0];
    const first = await callRoute(home, { path: "/home", cookie });
    expect((first.data as Home).needsAvailability).toBe(true);
    const saved = await callRoute(availability, { path: "/availability", cookie, form: { intent: "weekly", "day[]": ["mon"], "from[]": ["18:00"], "to[]": ["20:00"] } });
    expect(saved.status).toBe(302);
    expect(((await callRoute(home, { path: "/home", cookie })).data as Home).needsAvailability).toBe(false);
    // Staff are not asked on their home page.
    expect(((await callRoute(home, { path: "/home", cookie: s.manager.cookie })).data as Home).needsAvailability).toBe(false);
  });
});
