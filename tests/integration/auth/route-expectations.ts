/**
 * What every role gets from every route's loader (GET with real ids of the organisation in the
 * URL), or, for a route with only an action, from an empty POST. One row per file in app/routes;
 * every-route-access.test.ts fails for a route without a row. A status list means "any of these".
 *
 * Who: `participant` is enrolled in the group, `facilitator` leads it, `otherFacilitator` leads
 * nothing, `foreignManager` manages another organisation (this one's records are 404 to them,
 * indistinguishable from missing ones), `anonymous` is not signed in (302 to /login).
 * Tokens in URLs are unknown ones (a stale or guessed link).
 */
export const WHO = ["anonymous", "participant", "facilitator", "otherFacilitator", "manager", "admin", "foreignManager"] as const;
export type Who = (typeof WHO)[number];
export type Row = Record<Who, number | number[]> & { query?: string };

type Statuses = Omit<Row, "query">;
const row = (base: Statuses, overrides: Partial<Row> = {}): Row => ({ ...base, ...overrides });

/** Anyone, signed in or not, gets the same. */
const everyone = (status: number | number[]): Statuses => ({
  anonymous: status,
  participant: status,
  facilitator: status,
  otherFacilitator: status,
  manager: status,
  admin: status,
  foreignManager: status,
});
/** Every signed-in role of any organisation; anonymous visitors sign in first. */
const signedIn: Statuses = { ...everyone(200), anonymous: 302 };
/** The organisation's records for any member; another organisation's manager gets 404. */
const members: Statuses = { ...signedIn, foreignManager: 404 };
/** Participants only (their own things); staff are refused. */
const participants: Statuses = { anonymous: 302, participant: 200, facilitator: 403, otherFacilitator: 403, manager: 403, admin: 403, foreignManager: 403 };
/** Any staff role, each seeing their own scope. */
const staff: Statuses = { ...signedIn, participant: 403 };
/** Managers and administrators of the organisation (another organisation's manager sees their own). */
const managers: Statuses = { anonymous: 302, participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 200 };
/** A record of this organisation for its managers only. */
const managersRecord: Statuses = { ...managers, foreignManager: 404 };
/** A group's or session's staff: its facilitator and the managers; a facilitator of other groups is refused. */
const groupStaff: Statuses = { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404 };
/** Administrators only. */
const admins: Statuses = { anonymous: 302, participant: 403, facilitator: 403, otherFacilitator: 403, manager: 403, admin: 200, foreignManager: 403 };

export const EXPECTATIONS: Record<string, Row> = {
  // Public and account pages
  $: row(everyone(404)), // any address no other route matches: the root's "We can't find that page"
  _index: row(everyone(302), { anonymous: 200 }), // landing page; signed in → /home
  login: row(everyone(302), { anonymous: 200 }),
  logout: row(everyone(302)), // action only: signs out, back to the start
  language: row(everyone(302)), // the header's language switch posts here; a GET goes to the start page (bad choices: 400, i18n tests)
  "forgot-password": row(everyone(400)), // action only: an empty form is refused beside the field
  "reset-password.$token": row(everyone(200)), // an unknown link says so on the page
  "invite.$token": row(everyone(200)),
  "confirm-email.$token": row(everyone(200)), // (auth, new today) an unknown link says so on the page
  open: row(everyone(200)), // "Open this page?": a page that records a view, opened from another site, asks first (reads and records nothing)
  "o.$slug._index": row(everyone(200)), // public: never the online link (privacy/evidence-and-public.test.ts)
  "o.$slug.crisis": row(everyone(200)),
  "o.$slug.catalogue": row(everyone(200)), // public: never the online link, no names (registration/public-catalogue.test.ts)
  "o.$slug.groups.$groupId": row(everyone(200)), // public: the organisation's group only; same rules
  "o.$slug.signup": row(everyone(302), { anonymous: 200 }),
  "verify._index": row(everyone(200)), // public: the form to type a certificate's code
  "verify.$code": row(everyone(200)), // public: an unknown code gets the same answer as a revoked one (completion/certificate.test.ts)
  "o.$slug.logo": row(everyone(404)), // public like the name, by slug; this organisation has no logo (orgs/logo.test.ts serves one)
  help: row(everyone(200)),
  healthz: row(everyone(200)),
  keepalive: row(everyone(200)),
  "webhooks.sms": row(everyone(405)), // POST only, signed by the text-message provider (notifications/sms-webhook-http.test.ts)
  "webhooks.sms-status": row(everyone(405)), // POST only: the provider's signed delivery reports (notifications/sms.test.ts)
  readyz: row(everyone([200, 503])), // (operations, new today) 503 until the worker has run once
  "calendar.$token": row(everyone(404)), // the token is the credential (privacy of feeds: calendar/standing-grants.test.ts)
  "concerns.follow-up.$token": row(everyone(404)),

  // Everyone signed in
  home: row(signedIn),
  profile: row(signedIn),
  organizations: row(signedIn),
  availability: row(signedIn),
  catalogue: row(signedIn),
  "changes._index": row(signedIn),
  "concerns._index": row(signedIn), // participants their own concerns; managers the organisation's
  "concerns.export[.]csv": row(managers), // the concerns a manager handles; never one about themselves (voice/exports.test.ts)
  "concerns.new": row(signedIn),
  "proposals._index": row(signedIn),
  "proposals.new": row(signedIn),
  "my.privacy": row(signedIn), // everyone's own disclosure history

  // Participants' own pages
  "my.attendance": row(participants),
  "my.consents": row(participants), // (consent, new today)
  "my.demographics": row(participants), // own optional answers; never payer or Medicaid ID (demographics/demographics.test.ts)
  "my.releases": row(participants), // the participant's own releases of information and the letters sent under them
  "my.goals": row(participants),
  "my.groups": row(participants),
  "my.notes": row(participants), // own signed progress notes, when the organisation shares them
  "my.groups_.$groupId": row(participants), // (curriculum) a group they are enrolled in now: each session's unit title and participants' materials
  checkin: row(participants),
  "c.$code": row(participants), // the live session's code; staff use the roster
  "feedback.$sessionId": row(participants), // feedback on a held session they attended

  // Organisation records any member may open
  "groups.$groupId._index": row(members), // roster only for its staff (access-matrix.test.ts); signed out: 302 to its public page (catalogue-filters.test.ts)
  "groups.$groupId.rules": row(members),
  "programs.$programId.rules": row(members),
  "groups.$groupId.register": row(members, { otherFacilitator: 403 }), // self, or on someone's behalf by the group's staff
  "proposals.$proposalId": row(members, { otherFacilitator: 404 }), // a group proposal: its members and staff
  "rounds.$roundId._index": row(members, { otherFacilitator: 404 }), // participants counts only
  "rounds.$roundId.table": row(members, { otherFacilitator: 404 }),
  "sessions.$sessionId.calendar[.]ics": row(members, { otherFacilitator: 404 }), // people who may see the session

  // Staff
  "attendance._index": row(staff),
  "competency.me": row(staff),
  "competency.supervision": row(staff), // managers see all; others their own entries and their supervisees'
  "feedback.reports": row(staff), // facilitators their groups, withheld below 5
  "feedback.reports[.]csv": row(staff), // the page's report, same suppression
  "intake._index": row(staff), // facilitators see only intakes of people enrolled in a group they lead (all for managers)
  "intake.export[.]csv": row(staff), // the queue's rows for this viewer
  "directory._index": row(staff),
  "directory.$resourceId": row(staff, { foreignManager: 404 }),
  "referrals._index": row(staff),
  "referrals.export[.]csv": row(staff),
  "referrals.new": row(staff),
  "competency.records.$recordId": row(staff, { otherFacilitator: 404, foreignManager: 404 }), // holder, supervisor, managers
  "competency.evidence.$evidenceId": row(staff, { facilitator: 404, otherFacilitator: 404, manager: 404, admin: 404, foreignManager: 404 }), // unknown file
  "intake.$enrolmentId": row(groupStaff, { otherFacilitator: 404 }), // facilitators only while the person is enrolled in their group
  // The person themselves or staff with a relationship; this enrolment has not ended, so staff get 404.
  "enrolments.$enrolmentId.summary": row(groupStaff, { participant: 403, facilitator: 404, otherFacilitator: 403, manager: 404, admin: 404 }),
  "enrolments.$enrolmentId.certificate[.]pdf": row(groupStaff, { participant: 403, facilitator: 404, otherFacilitator: 403, manager: 404, admin: 404 }), // no certificate for an enrolment that has not ended
  "enrolments.$enrolmentId.letters": row(groupStaff), // letters under releases: the group's facilitator and managers only (completion/letters.test.ts)
  "letters.$letterId[.]pdf": row(everyone(404), { anonymous: 302 }), // an unknown letter; who may download a real one: completion/letters.test.ts
  "releases.$releaseId.scan": row(everyone(404), { anonymous: 302 }), // an unknown release; who may see a real scan: completion/letters.test.ts
  "participants.$userId.goals": row(groupStaff, { participant: 403 }), // the same relationship rule (privacy/relationship.test.ts)
  "participants.$userId.demographics": row(groupStaff, { participant: 403 }), // answers, payer, Medicaid ID: the same relationship rule
  "participants.$userId.plan": row(groupStaff, { participant: 403 }), // (plans) the service plan: the goals' relationship rule (plans/access.test.ts)
  "participants.$userId.plan_.history": row(groupStaff, { participant: 403, facilitator: 403 }), // (plans) the plan's history from the audit trail: a part of no program, the managers' (plan-privacy/plan-basics-unrevealing)
  "groups.$groupId.waitlist": row(groupStaff, { otherFacilitator: 404 }),
  "groups.$groupId.attendance": row(groupStaff),
  "groups.$groupId.attendance[.]csv": row(groupStaff),
  "groups.$groupId.rounds._index": row(groupStaff),
  "groups.$groupId.rounds.new": row(groupStaff),
  "groups.$groupId.completion": row(groupStaff), // criteria (managers set them), progress, outcomes (completion/completion.test.ts)
  "sessions.$sessionId.roster": row(groupStaff),
  "sessions.$sessionId.roster[.]csv": row(groupStaff),
  "sessions.$sessionId.checkin": row(groupStaff),
  "sessions.$sessionId.paper": row(groupStaff),
  "sessions.$sessionId.sheet": row(groupStaff),
  // Service records: the group's facilitators and managers write; a person's progress note also needs the relationship rule (records/notes.test.ts)
  "sessions.$sessionId.notes._index": row(groupStaff),
  "sessions.$sessionId.notes.$userId": row(groupStaff),
  // Curriculum and session plans: managers edit; the group's facilitators read and choose a session's unit (records/curriculum.test.ts)
  "groups.$groupId.curriculum._index": row(groupStaff),
  "groups.$groupId.curriculum.$unitId": row(groupStaff, { facilitator: 404, manager: 404, admin: 404 }), // an unknown unit of the group (the test opens a real one)
  "sessions.$sessionId.plan": row(groupStaff),
  // One-to-one contacts: staff with a current relationship to the person (records/contacts.test.ts)
  "participants.$userId.contacts._index": row(groupStaff),
  "participants.$userId.contacts.$contactId": row(groupStaff, { facilitator: 404, manager: 404, admin: 404 }), // an unknown contact of the person
  "curriculum.materials.$materialId": row(everyone(404), { anonymous: 302 }), // an unknown material; real ones: role, organisation and relationship (records/curriculum.test.ts)
  // action only (the save queue): anonymous 401, participants 403; staff are told the empty mark is invalid
  "sessions.$sessionId.mark": row(everyone(400), { anonymous: 401, participant: 403 }),

  // Managers and administrators
  "admin.organization": row(managers),
  "admin.translations": row(managers), // the organisation's texts in other languages (i18n/organisation-texts.test.ts)
  "incidents._index": row(managers), // (records) the incident log, PA-CSE 6.03
  "incidents.$incidentId": row(managersRecord, { manager: 404, admin: 404 }), // an unknown incident (records/incidents.test.ts opens a real one)
  "admin.people": row(managers),
  "programs._index": row(managers),
  "programs.new": row(managers),
  "programs.$programId._index": row(managersRecord),
  "programs.$programId.groups.new": row(managersRecord),
  "programs.$programId.logic-model": row(managersRecord),
  "programs.$programId.completion": row(managersRecord), // a program's completion criteria
  "groups.$groupId.edit": row(managersRecord),
  "groups.$groupId.series.new": row(managersRecord),
  "sessions.$sessionId._index": row(managersRecord),
  "concerns.$concernId": row(managersRecord, { participant: 404, facilitator: 404, otherFacilitator: 404 }), // never the person it is about
  "competency._index": row(managers),
  "competency.items": row(managers),
  "competency.matrix[.]csv": row(managers),
  "competency.observations.new": row(managers),
  "competency.settings": row(managers),
  "directory.export[.]csv": row(managers),
  "directory.import": row(managers),
  "directory.new": row(managers),
  "feedback.settings": row(managers),
  "metrics._index": row(managers),
  "metrics.report": row(managers),
  "metrics.rows": row(managers, { query: "?metric=sessions_total" }),
  "metrics.export[.]csv": row(managers, { query: "?table=summary" }),
  "metrics.records": row(managers), // (records) notes overdue and incidents open
  "metrics.funder": row(managers), // funder report: aggregates only, small cells and their complements suppressed
  "metrics.funder[.]csv": row(managers, { query: "?rule=last_quarter" }),
  "metrics.medicaid-ids[.]csv": row(managers), // the one file with Medicaid IDs in full; a disclosure for each person listed
  "admin.demographics": row(managers), // race and ethnicity categories: administrators change them, managers read them
  "metrics.records[.]csv": row(managers, { query: "?table=overdue" }),
  "metrics.plans": row(managers), // (plans) plans due for review, objectives met in a period
  "metrics.plans[.]csv": row(managers, { query: "?table=due" }),
  outcomes: row(managers),
  "outcome-measures": row(managers), // the organisation's own outcome measures (metrics/custom-measures.test.ts)
  "evidence._index": row(managers),
  "evidence[.]csv": row(managers),

  // Administrators
  "admin.audit": row(admins),
  "admin.audit[.]csv": row(admins),
  "admin.mail": row(admins),
  "admin.sms": row(admins), // the organisation's text messages, beside the mail viewer (same switch)
  "admin.records": row(admins), // whether participants read their own progress notes
};
