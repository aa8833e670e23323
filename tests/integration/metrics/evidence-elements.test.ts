import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, organizations, users } from "~/db/schema";
import { seedDemo } from "~/demo/seed.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import type { StandardEvidence } from "~/modules/metrics/standards";

/** /evidence on the demo agency: each PA-CSE element shows its own evidence and nothing else's. */
let byCode: Record<string, StandardEvidence>;
beforeAll(async () => {
  const now = new Date();
  await seedDemo(now);
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, "riverside"));
  const [manager] = await db
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.email, "manager@riverside.example"), eq(memberships.organizationId, org.id)));
  const viewer: CurrentUser = { ...manager, role: "manager", organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" };
  const { standards } = await loadEvidence(viewer, now);
  byCode = Object.fromEntries(standards.map((s) => [s.code, s]));
});

const labels = (code: string) => [...(byCode[code]?.facts ?? []).map((f) => f.label), ...(byCode[code]?.gaps ?? []).map((g) => g.label)];

describe("evidence filed under the right PA-CSE element", () => {
  it("files rules and concerns under 7.02, scheduling around availability under 5.02 and crisis handling under 6.03", () => {
    expect(labels("7.02")).toEqual(expect.arrayContaining(["Published rule versions", "Concerns received"]));
    expect(labels("5.02")).toEqual(expect.arrayContaining(["People who gave their availability", "Scheduling rounds (published)"]));
    expect(labels("6.03")).toEqual(expect.arrayContaining(["Crisis page text in place", "Crisis answers at intake (alerted at once)"]));
    expect(byCode["6.03"].title).toMatch(/crisis/i);
    // Referral follow-up is part of the referral (3.03), not crisis handling.
    expect(labels("3.03")).toEqual(expect.arrayContaining(["Referrals made (all time)", "Referrals followed up"]));
  });

  it("shows no element's evidence under another element's number", () => {
    const homeOf: Record<string, string> = {
      "Published rule versions": "7.02",
      "Concerns received": "7.02",
      "People who gave their availability": "5.02",
      "Referrals followed up": "3.03",
      "Crisis answers at intake (alerted at once)": "6.03",
      "Sessions in the last 12 months": "5.01",
      // 5.03 lists only its own figures: group notes and progress notes (service records), never attendance.
      "With a signed group note": "5.03",
      "Signed progress notes": "5.03",
    };
    for (const [label, code] of Object.entries(homeOf)) {
      const shownUnder = Object.keys(byCode).filter((c) => labels(c).includes(label));
      expect(shownUnder, label).toEqual([code]);
    }
    for (const gone of ["7.01", "7.03"]) expect(byCode[gone], `${gone} lists another element's figures`).toBeUndefined();
  });

  it("links the service-records reports under the elements they support: plans (1.02, 3.04), contacts and notes (5.03), incidents (6.03)", () => {
    const hrefs = (code: string) => (byCode[code]?.links ?? []).map((l) => l.href);
    expect(hrefs("1.02")).toContain("/metrics/plans");
    expect(hrefs("3.04")).toContain("/metrics/plans");
    expect(hrefs("5.03")).toEqual(expect.arrayContaining(["/metrics/records", "/metrics/records#contacts"]));
    expect(hrefs("6.03")).toEqual(expect.arrayContaining(["/incidents"]));
  });

  it("the 2.04 gap names Felix, who leads groups while missing a required 2.04 item", () => {
    const gap = byCode["2.04"].gaps.find((g) => /required 2\.04 item/.test(g.label));
    expect(gap?.items.some((i) => i.startsWith("Felix"))).toBe(true);
    expect(gap?.items.some((i) => i.startsWith("Fran"))).toBe(false);
  });
});
