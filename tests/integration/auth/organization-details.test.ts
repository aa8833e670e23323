import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, organizations } from "~/db/schema";
import * as detailsPage from "~/routes/admin.organization";
import * as crisisPage from "~/routes/o.$slug.crisis";
import { callRoute } from "../../factories/requests";
import { postOrganization } from "../../factories/versioned-saves";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;

const GOOD = {
  name: "Riverbend Community Services",
  timezone: "America/Chicago",
  crisisText: "Call or text 988, any time.\nDuring office hours call our duty worker at (555) 010-2000.",
  contactEmail: "Hello@Riverbend.example",
  contactPhone: "(555) 010-1000",
  address: "1 Bend Road",
};
/** Posted as the page does: opened first, the form carries the details' version. */
const post = (cookie: string | undefined, form: Record<string, string>) => (cookie === undefined ? callRoute(detailsPage, { path: "/admin/organization", cookie, form }) : postOrganization(cookie, form));
const orgRow = async (id = s.org.id) => (await db.select().from(organizations).where(eq(organizations.id, id)))[0];

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

describe("organisation details", () => {
  it("managers read them; only the administrator changes them; others are refused", async () => {
    const read = await callRoute(detailsPage, { path: "/admin/organization", cookie: s.manager.cookie });
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({ canEdit: false, org: { name: s.org.name } });
    expect((await callRoute(detailsPage, { path: "/admin/organization", cookie: s.facilitator.cookie })).status).toBe(403);
    expect((await callRoute(detailsPage, { path: "/admin/organization", cookie: s.participant.cookie })).status).toBe(403);
    expect((await callRoute(detailsPage, { path: "/admin/organization" })).status).toBe(302);
    const before = await orgRow();
    for (const cookie of [s.manager.cookie, s.facilitator.cookie, s.participant.cookie]) expect((await post(cookie, GOOD)).status).toBe(403);
    expect((await post(undefined, GOOD)).status).toBe(302);
    expect(await orgRow()).toEqual(before);
  });

  it("refuses bad details beside each field and changes nothing", async () => {
    const before = await orgRow();
    const out = await post(s.admin.cookie, { name: " ", timezone: "Mars/Olympus", crisisText: "call", contactEmail: "not an email", contactPhone: "1".repeat(61), address: "" });
    expect(out.status).toBe(400);
    expect(Object.keys((out.data as { errors: Record<string, string[]> }).errors).sort()).toEqual(["contactEmail", "contactPhone", "crisisText", "name", "timezone"]);
    expect(await orgRow()).toEqual(before);
  });

  it("saves the administrator's changes for their own organisation only, audited field by field, and the crisis page shows them", async () => {
    const foreignBefore = await orgRow(foreign.org.id);
    const out = await post(s.admin.cookie, GOOD);
    expect(out.status).toBe(302);
    expect(out.location).toBe("/admin/organization?saved=6");
    expect(await orgRow()).toMatchObject({ ...GOOD, contactEmail: "hello@riverbend.example" });
    expect(await orgRow(foreign.org.id)).toEqual(foreignBefore);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, s.org.id), eq(auditEvents.action, "organization.update")));
    expect(audit.actorUserId).toBe(s.admin.id);
    expect(Object.keys(audit.after as object).sort()).toEqual(["address", "contactEmail", "contactPhone", "crisisText", "name", "timezone"]);
    const crisis = await callRoute(crisisPage, { path: `/o/${s.org.slug}/crisis`, params: { slug: s.org.slug } });
    expect(JSON.stringify(crisis.data)).toContain("duty worker");
    // Saving the same details again changes and audits nothing.
    const again = await post(s.admin.cookie, GOOD);
    expect(again.location).toBe("/admin/organization?saved=0");
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, s.org.id), eq(auditEvents.action, "organization.update")))).toHaveLength(1);
  });
});
