import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, invitations, organizations } from "~/db/schema";
import { competencyItems } from "~/db/tables/competency";
import * as home from "~/routes/home";
import * as invitePage from "~/routes/invite.$token";
import * as root from "~/root";
import { callRoute } from "../../factories/requests";

/** The operator's command that opens a new agency, run as a real process against this test's database. */
const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));

function createOrganizationCli(args: string[]) {
  const result = spawnSync("node_modules/.bin/tsx", ["app/cli/create-organization.ts", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, APP_URL: "https://groups.example" },
    timeout: 90_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ARGS = ["--name", "North County Services", "--slug", "north-county", "--timezone", "America/Denver", "--admin-email", "Director@NorthCounty.example"];

describe("npm run create-organization", () => {
  it("refuses bad arguments with a message per argument, exit code 2, and creates nothing", () => {
    const out = createOrganizationCli(["--name", "X", "--slug", "Bad Slug!", "--timezone", "Mars/Base", "--admin-email", "nobody"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("--name: Enter the organisation's name.");
    expect(out.stderr).toContain("--slug: The slug uses 1–40 lowercase letters");
    expect(out.stderr).toContain("--timezone: Choose a time zone");
    expect(out.stderr).toContain("--admin-email: Give the administrator's email address");
    expect(createOrganizationCli(["--colour", "blue"]).status).toBe(2);
  }, 120_000);

  it("creates the organisation with its framework and a default crisis text, and invites its first administrator", async () => {
    expect((await db.select().from(organizations).where(eq(organizations.slug, "north-county"))).length).toBe(0);
    const out = createOrganizationCli(ARGS);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    const link = /https:\/\/groups\.example\/invite\/([A-Za-z0-9_-]+)/.exec(out.stdout);
    expect(link).not.toBeNull();
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "north-county"));
    expect(org).toMatchObject({ name: "North County Services", timezone: "America/Denver" });
    expect(org.crisisText).toContain("988");
    expect((await db.select().from(competencyItems).where(eq(competencyItems.organizationId, org.id))).length).toBeGreaterThan(5);
    const [invitation] = await db.select().from(invitations).where(eq(invitations.organizationId, org.id));
    expect(invitation).toMatchObject({ email: "director@northcounty.example", role: "admin", invitedBy: null });
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "director@northcounty.example"));
    expect(mails).toHaveLength(1);
    expect(mails[0].textBody).toContain(link![0]);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.action, "organization.create")))).toHaveLength(1);

    // The director accepts and is the new organisation's administrator.
    const token = link![1];
    const accepted = await callRoute(invitePage, {
      path: `/invite/${token}`,
      params: { token },
      form: { name: "Dana Director", timezone: "America/Denver", password: "a-long-password-1", confirmPassword: "a-long-password-1" },
    });
    expect(accepted.status).toBe(302);
    const cookie = accepted.headers!.get("set-cookie")!.split(";")[0];
    expect((await callRoute(home, { path: "/home", cookie })).status).toBe(200);
    const me = (await callRoute(root, { path: "/", cookie })).data as Awaited<ReturnType<typeof root.loader>>;
    expect(me.user).toMatchObject({ organizationName: "North County Services", role: "admin" });
  }, 120_000);

  it("refuses a slug already in use (exit code 2) and changes nothing", async () => {
    const out = createOrganizationCli([...ARGS.slice(0, 2), "--slug", "north-county", ...ARGS.slice(4)]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--slug: The slug "north-county" is already used');
    expect(await db.select().from(organizations).where(eq(organizations.slug, "north-county"))).toHaveLength(1);
  }, 120_000);
});
