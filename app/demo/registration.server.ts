import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, memberships, users } from "~/db/schema";
import { referrals, resources } from "~/db/tables/referrals";
import { consents } from "~/db/tables/consent";
import { CONSENT_KINDS, CONSENT_TEXT, CONSENT_WORDING_VERSION, consentExpiry } from "~/modules/consent/wording";
import { enrolmentDetails, intakes } from "~/db/tables/registration";
import { DEMO_PASSWORD, type DemoContext } from "./context";
import { hashPassword } from "~/modules/auth/tokens.server";
import type { NeedArea } from "~/modules/registration/schema";

export const FULL_GROUP = "Resume & Interview Workshop";

/** Demo participants of this capability: two fill the workshop's last seats, three wait. */
export const REGISTRATION_DEMO_PEOPLE = [
  { email: "dana@riverside.example", name: "Dana Whitfield", timezone: "America/Chicago", status: "enrolled", urgent: false, needs: ["education_vocational"] },
  { email: "emery@riverside.example", name: "Emery Brooks", timezone: "America/New_York", status: "enrolled", urgent: false, needs: ["education_vocational", "legal"] },
  { email: "frankie@riverside.example", name: "Frankie Ortiz", timezone: "America/New_York", status: "waitlisted", urgent: true, needs: ["housing", "education_vocational"] },
  { email: "harper@riverside.example", name: "Harper Nguyen", timezone: "America/Los_Angeles", status: "waitlisted", urgent: false, needs: ["education_vocational"] },
  { email: "indigo@riverside.example", name: "Indigo Price", timezone: "America/Denver", status: "waitlisted", urgent: false, needs: [] },
] as const;

const DIRECTORY: { name: string; location: string; phone: string; contactPerson: string; services: string; languages: string; fees: string; eligibility: string; needAreas: NeedArea[]; website: string }[] = [
  { name: "Springfield Legal Aid", location: "40 Court Street, Springfield", phone: "(555) 010-3100", contactPerson: "Dana Ruiz, intake paralegal", services: "Expungement and record sealing clinics, tenant rights, benefits appeals", languages: "English, Spanish", fees: "Free", eligibility: "Household income under 200% of the poverty line", needAreas: ["legal", "housing"], website: "https://legalaid.example.org" },
  { name: "Riverbend Community Health Center", location: "215 Mill Road, Springfield", phone: "(555) 010-3200", contactPerson: "Front desk", services: "Primary care, dental cleanings and fillings, same-week appointments", languages: "English, Spanish, Vietnamese", fees: "Sliding scale; Medicaid and Medicare accepted", eligibility: "Anyone; uninsured welcome", needAreas: ["primary_care_dentistry"], website: "https://riverbend-health.example.org" },
  { name: "Harbor Behavioral Health", location: "9 Harbor Way, Springfield", phone: "(555) 010-3300", contactPerson: "Walk-in coordinator", services: "Counselling, psychiatric assessment, medication management", languages: "English, ASL interpreters on request", fees: "Sliding scale", eligibility: "Adults 18+", needAreas: ["mental_health"], website: "" },
  { name: "New Dawn Recovery Services", location: "77 Elm Street, Springfield", phone: "(555) 010-3400", contactPerson: "Chris Yates", services: "Outpatient substance use treatment, MAT, recovery coaching", languages: "English, Spanish", fees: "Medicaid accepted; state-funded slots", eligibility: "Adults 18+", needAreas: ["substance_use"], website: "" },
  { name: "988 Suicide & Crisis Lifeline", location: "Phone, text and chat", phone: "988", contactPerson: "", services: "24/7 crisis counselling by call, text or chat", languages: "English, Spanish, 240+ via interpreters", fees: "Free", eligibility: "Anyone", needAreas: ["crisis", "mental_health"], website: "https://988lifeline.org" },
  { name: "Springfield Mobile Crisis Team", location: "Comes to you (Springfield county)", phone: "(555) 010-3500", contactPerson: "Dispatcher", services: "In-person crisis response and safety planning", languages: "English, Spanish", fees: "Free", eligibility: "County residents", needAreas: ["crisis"], website: "" },
  { name: "Second Chance Housing Partnership", location: "300 Oak Avenue, Springfield", phone: "(555) 010-3600", contactPerson: "Morgan Ellis, housing navigator", services: "Rapid rehousing, recovery residences, rental assistance applications", languages: "English", fees: "Free", eligibility: "People leaving incarceration or treatment", needAreas: ["housing"], website: "" },
  { name: "Springfield Adult Learning Center", location: "12 School Street, Springfield", phone: "(555) 010-3700", contactPerson: "Pat Okafor", services: "GED preparation, adult literacy, English classes", languages: "English, Spanish, Arabic", fees: "Free", eligibility: "Adults 16+ not in school", needAreas: ["education_vocational"], website: "" },
  { name: "WorkSource Springfield", location: "500 Main Street, Springfield", phone: "(555) 010-3800", contactPerson: "Reentry employment specialist", services: "Job search help, training vouchers, fair-chance employer list", languages: "English, Spanish", fees: "Free", eligibility: "Adults eligible to work in the US", needAreas: ["education_vocational"], website: "" },
  { name: "Open Table Food Pantry", location: "61 Church Lane, Springfield", phone: "(555) 010-3900", contactPerson: "Volunteer desk", services: "Weekly groceries, hot lunch on weekdays", languages: "English", fees: "Free", eligibility: "Anyone", needAreas: ["other"], website: "" },
  { name: "Smile Bright Dental School Clinic", location: "2 University Plaza, Springfield", phone: "(555) 010-4000", contactPerson: "Patient coordinator", services: "Low-cost dental care by supervised students, dentures", languages: "English, Portuguese", fees: "About half usual fees", eligibility: "Anyone; waitlist for dentures", needAreas: ["primary_care_dentistry"], website: "" },
  { name: "Family Justice Center", location: "88 Pine Street, Springfield", phone: "(555) 010-4100", contactPerson: "Advocate on duty", services: "Domestic violence advocacy, protective orders, safety planning", languages: "English, Spanish", fees: "Free", eligibility: "Survivors of domestic or sexual violence", needAreas: ["legal", "crisis"], website: "" },
];

/**
 * Registration demo: "Resume & Interview Workshop" is full (8 of 8) with three people waiting
 * (one urgent, so the intake queue has a badge), a resource directory of 12 services, and open
 * referrals (one follow-up already due).
 */
export async function seedRegistration(ctx: DemoContext) {
  const org = ctx.organizationId;
  const groupId = ctx.groupIds[FULL_GROUP];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: Record<string, string> = {};
  for (const person of REGISTRATION_DEMO_PEOPLE) {
    const [user] = await db
      .insert(users)
      .values({ email: person.email, name: person.name, timezone: person.timezone, passwordHash })
      .returning({ id: users.id });
    ids[person.email] = user.id;
    await db.insert(memberships).values({ userId: user.id, organizationId: org, role: "participant" });
  }

  // Queue times a few days back, in order; the urgent person registered last but waits first.
  const base = DateTime.fromJSDate(ctx.now).minus({ days: 6 });
  let minutes = 0;
  for (const person of REGISTRATION_DEMO_PEOPLE) {
    const at = base.plus({ hours: minutes++ * 7 }).toJSDate();
    const [enrolment] = await db
      .insert(enrolments)
      .values({ organizationId: org, groupId, userId: ids[person.email], status: person.status, createdAt: at, updatedAt: at })
      .returning({ id: enrolments.id });
    await db.insert(enrolmentDetails).values({ enrolmentId: enrolment.id, organizationId: org, groupId, urgent: person.urgent, queuedAt: at, updatedAt: at });
    await db.insert(intakes).values({
      organizationId: org,
      enrolmentId: enrolment.id,
      groupId,
      userId: ids[person.email],
      needAreas: [...person.needs],
      urgent: person.urgent,
      urgentNote: person.urgent ? "Staying with a friend until the end of the month; need housing and work quickly." : "",
      preferredContact: person.urgent ? "phone" : "email",
      phone: person.urgent ? "(555) 010-7788" : "",
      language: "English",
      consentParticipation: true,
      consentRosterSharing: true,
      submittedBy: ids[person.email],
      createdAt: at,
      reviewedAt: person.status === "enrolled" ? at : null,
      reviewedBy: person.status === "enrolled" ? ctx.manager.id : null,
    });
    // Their answers as consent records (the demo people said yes to everything, given by themselves).
    await db.insert(consents).values(
      CONSENT_KINDS.map((kind) => ({
        organizationId: org,
        userId: ids[person.email],
        groupId,
        kind,
        status: "given" as const,
        purpose: CONSENT_TEXT[kind].purpose,
        wordingVersion: CONSENT_WORDING_VERSION,
        wording: CONSENT_TEXT[kind].wording,
        source: "self" as const,
        recordedBy: ids[person.email],
        givenAt: at,
        expiresAt: consentExpiry(kind, at),
      })),
    );
  }

  const directory = await db
    .insert(resources)
    .values(DIRECTORY.map((r) => ({ ...r, organizationId: org })))
    .returning({ id: resources.id, name: resources.name });
  const resourceId = (name: string) => directory.find((r) => r.name === name)!.id;
  const today = DateTime.fromJSDate(ctx.now, { zone: "America/New_York" });
  const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
  const sam = ctx.userIds["sam@riverside.example"];
  const alex = ctx.userIds["alex@riverside.example"];
  await db.insert(referrals).values([
    { organizationId: org, participantId: ids["frankie@riverside.example"], resourceId: resourceId("Second Chance Housing Partnership"), groupId, needArea: "housing", reason: "Urgent housing need while waiting for a seat in the workshop.", referredOn: day(-5), followUpOn: day(-1), createdBy: ctx.manager.id },
    { organizationId: org, participantId: ids["emery@riverside.example"], resourceId: resourceId("Springfield Legal Aid"), needArea: "legal", reason: "Wants a record expunged before applying for jobs.", referredOn: day(-3), followUpOn: day(7), createdBy: ctx.manager.id },
    { organizationId: org, participantId: sam, resourceId: resourceId("Riverbend Community Health Center"), needArea: "primary_care_dentistry", reason: "Toothache; no dentist since 2019.", referredOn: day(-10), followUpOn: day(4), createdBy: ctx.userIds["fran@riverside.example"] },
    { organizationId: org, participantId: alex, resourceId: resourceId("Springfield Adult Learning Center"), needArea: "education_vocational", reason: "Asked about GED classes.", referredOn: day(-30), followUpOn: day(-16), outcome: "connected", outcomeNote: "Started GED evening classes.", createdBy: ctx.manager.id },
  ]);
}
