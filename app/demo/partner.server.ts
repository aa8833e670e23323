import { db } from "~/db/client.server";
import { groupFacilitators, groups, memberships, organizations, programs, users } from "~/db/schema";
import { hashPassword } from "~/modules/auth/tokens.server";
import { ensureStarterFramework } from "~/modules/competency/framework/mutations.server";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { DEMO_PASSWORD, type DemoContext } from "./context";

export const PARTNER_ORG_SLUG = "hillside";
export const PARTNER_MANAGER = { email: "manager@hillside.example", name: "Harper Hillside", timezone: "America/Chicago" } as const;

/**
 * A second, small agency, so that working in two organisations can be seen: Fran (a Riverside
 * facilitator) also facilitates a parenting class here and switches with "Switch organisation".
 * Nothing of one organisation is visible from the other.
 */
export async function seedPartnerOrganisation(ctx: DemoContext) {
  const zone = "America/Chicago";
  const [org] = await db
    .insert(organizations)
    .values({
      slug: PARTNER_ORG_SLUG,
      name: "Hillside Family Center",
      timezone: zone,
      crisisText: "If you are in immediate danger, call 911.\nCall or text 988 (Suicide & Crisis Lifeline), available 24/7.",
      contactEmail: "hello@hillside.example",
      contactPhone: "(555) 020-1000",
      address: "8 Hill Road, Springfield",
    })
    .onConflictDoNothing()
    .returning({ id: organizations.id });
  if (!org) return;
  // Every organisation starts with the starter competency framework (createOrganization does the same).
  await ensureStarterFramework(db, org.id);
  await ensureFeedbackQuestions(db, org.id);
  const [manager] = await db
    .insert(users)
    .values({ ...PARTNER_MANAGER, passwordHash: await hashPassword(DEMO_PASSWORD) })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (manager) await db.insert(memberships).values({ userId: manager.id, organizationId: org.id, role: "manager" });
  const fran = ctx.userIds["fran@riverside.example"];
  await db.insert(memberships).values({ userId: fran, organizationId: org.id, role: "facilitator" }).onConflictDoNothing();
  const [program] = await db
    .insert(programs)
    .values({ organizationId: org.id, name: "Family Education", purpose: "Classes that help parents and carers raise children with confidence.", serviceType: "Education" })
    .returning({ id: programs.id });
  const [group] = await db
    .insert(groups)
    .values({
      organizationId: org.id,
      programId: program.id,
      kind: "class",
      name: "Parenting Together",
      description: "Eight evenings on routines, calm limits and play, for parents of children under ten.",
      timezone: zone,
      capacity: 14,
      location: "Hall, 8 Hill Road",
      language: "en",
    })
    .returning({ id: groups.id });
  await db.insert(groupFacilitators).values({ groupId: group.id, userId: fran, organizationId: org.id });
}
