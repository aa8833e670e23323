import * as organizationPage from "~/routes/admin.organization";
import * as translationsPage from "~/routes/admin.translations";
import * as resourcePage from "~/routes/directory.$resourceId";
import * as voiceSettingsPage from "~/routes/feedback.settings";
import * as unitPage from "~/routes/groups.$groupId.curriculum.$unitId";
import * as groupRulesPage from "~/routes/groups.$groupId.rules";
import * as groupCompletionPage from "~/routes/groups.$groupId.completion";
import * as programCompletionPage from "~/routes/programs.$programId.completion";
import * as programRulesPage from "~/routes/programs.$programId.rules";
import * as groupEditPage from "~/routes/groups.$groupId.edit";
import * as contactPage from "~/routes/participants.$userId.contacts.$contactId";
import * as myDemographicsPage from "~/routes/my.demographics";
import * as demographicsPage from "~/routes/participants.$userId.demographics";
import * as planPage from "~/routes/participants.$userId.plan";
import * as programPage from "~/routes/programs.$programId._index";
import * as progressNotePage from "~/routes/sessions.$sessionId.notes.$userId";
import * as groupNotePage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "./requests";

/**
 * The pages that refuse an out-of-date save by the version their form carries (and a save that
 * names none), posted the way a person does: the page is opened first and its form carries the
 * version the page shows. A form that brings its own `version` keeps it; for someone the page
 * refuses, the post goes without one (and is refused for them too). One factory for every
 * versioned-save test.
 */
type Form = Record<string, string | string[]>;

/** A refused versioned save as the page gets it: the errors, the person's entries (with the version now saved) and the fields changed meanwhile. */
export type StaleFailure = { errors: Record<string, string[]>; values: Record<string, string>; details?: { changed: string[] } };
type Page = Parameters<typeof callRoute>[0];
type At = { path: string; params: Record<string, string>; cookie: string };

/** The version a page shows (its loader's `version`), or undefined when the page refused the caller. */
export async function openedVersion(route: Page, at: At, versionOf: (data: unknown) => string | undefined = (d) => (d as { version: string }).version): Promise<string | undefined> {
  const page = await callRoute(route, at);
  return page.status === 200 ? versionOf(page.data) : undefined;
}

async function postFromPage(route: Page, at: At, form: Form, versionOf?: (data: unknown) => string | undefined) {
  const version = await openedVersion(route, at, versionOf);
  return callRoute(route, { ...at, form: version !== undefined && form.version === undefined ? { ...form, version } : form });
}

/** The group edit page, opened first (its form carries the group's version). */
export const saveGroupEdit = (cookie: string, groupId: string, form: Form) => postFromPage(groupEditPage, groupEditAt(cookie, groupId), form);
export const groupEditAt = (cookie: string, groupId: string): At => ({ path: `/groups/${groupId}/edit`, params: { groupId }, cookie });

/** The group note page (save or sign), opened first. */
export const postGroupNote = (cookie: string, sessionId: string, form: Form) => postFromPage(groupNotePage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie }, form);

/** A person's progress note page (save or sign), opened first. */
export const postProgressNote = (cookie: string, sessionId: string, userId: string, form: Form) =>
  postFromPage(progressNotePage, { path: `/sessions/${sessionId}/notes/${userId}`, params: { sessionId, userId }, cookie }, form);

/** The plan page's strengths, barriers and needs form, opened first (its basicsVersion: an empty plan's before the first save). */
export const postPlanBasics = (cookie: string, userId: string, form: Form) =>
  postFromPage(planPage, { path: `/participants/${userId}/plan`, params: { userId }, cookie }, form, (d) => (d as { basicsVersion: string | null }).basicsVersion ?? undefined);

/** Staff's page of a person's demographics, opened first. */
export const postStaffDemographics = (cookie: string, userId: string, form: Form) =>
  postFromPage(demographicsPage, { path: `/participants/${userId}/demographics`, params: { userId }, cookie }, form);

/** The participant's own demographics page, opened first. */
export const postOwnDemographics = (cookie: string, form: Form) => postFromPage(myDemographicsPage, { path: "/my/demographics", params: {}, cookie }, form);

/** Staff's page of a person's demographics, its payer and Medicaid ID form (intent "coverage"), opened first. */
export const postCoverage = (cookie: string, userId: string, form: Form) =>
  postFromPage(demographicsPage, { path: `/participants/${userId}/demographics`, params: { userId }, cookie }, { intent: "coverage", ...form }, (d) => (d as { coverageVersion: string }).coverageVersion);

/** A draft one-to-one contact's page (save, sign or addendum), opened first. */
export const contactAt = (cookie: string, userId: string, contactId: string): At => ({ path: `/participants/${userId}/contacts/${contactId}`, params: { userId, contactId }, cookie });
export const postContact = (cookie: string, userId: string, contactId: string, form: Form) => postFromPage(contactPage, contactAt(cookie, userId, contactId), form);

/** A curriculum unit's page (its edit form), opened first. */
export const unitAt = (cookie: string, groupId: string, unitId: string): At => ({ path: `/groups/${groupId}/curriculum/${unitId}`, params: { groupId, unitId }, cookie });
export const postUnit = (cookie: string, groupId: string, unitId: string, form: Form) => postFromPage(unitPage, unitAt(cookie, groupId, unitId), form);

/** A program's page (its edit form), opened first. */
export const programAt = (cookie: string, programId: string): At => ({ path: `/programs/${programId}`, params: { programId }, cookie });
export const postProgram = (cookie: string, programId: string, form: Form) => postFromPage(programPage, programAt(cookie, programId), form);

/** A resource directory entry's page (its edit form), opened first. */
export const resourceAt = (cookie: string, resourceId: string): At => ({ path: `/directory/${resourceId}`, params: { resourceId }, cookie });
export const postResource = (cookie: string, resourceId: string, form: Form) => postFromPage(resourcePage, resourceAt(cookie, resourceId), form);

/** The organisation's feedback settings page (questions and windows), opened first. */
export const voiceSettingsAt = (cookie: string): At => ({ path: "/feedback/settings", params: {}, cookie });
export const postVoiceSettings = (cookie: string, form: Form) => postFromPage(voiceSettingsPage, voiceSettingsAt(cookie), form);

/** The organisation's details page (admin), opened first. */
export const organizationAt = (cookie: string): At => ({ path: "/admin/organization", params: {}, cookie });
export const postOrganization = (cookie: string, form: Form) => postFromPage(organizationPage, organizationAt(cookie), form);

/** The translations page (one form per text and language), opened first: the form carries the version of the text it names. */
export const translationsAt = (cookie: string, language = "es"): At => ({ path: `/admin/translations?language=${language}`, params: {}, cookie });
export const translationVersionOf = (kind: unknown, subjectId: unknown) => (data: unknown) => {
  const page = data as { crisis: { version: string; editable: boolean }; groups: { id: string; version: string }[]; questions: { id: string; version: string }[] };
  if (kind === "crisis_text") return page.crisis.editable ? page.crisis.version : undefined;
  return (kind === "group_description" ? page.groups : kind === "feedback_question" ? page.questions : []).find((t) => t.id === subjectId)?.version;
};
export const postTranslation = (cookie: string, form: Form) =>
  postFromPage(translationsPage, translationsAt(cookie, typeof form.language === "string" ? form.language : undefined), form, translationVersionOf(form.kind, form.subjectId));

/** A group's or a program's rules page (its publish form), opened first. */
export const groupRulesAt = (cookie: string, groupId: string): At => ({ path: `/groups/${groupId}/rules`, params: { groupId }, cookie });
export const programRulesAt = (cookie: string, programId: string): At => ({ path: `/programs/${programId}/rules`, params: { programId }, cookie });
export const postGroupRules = (cookie: string, groupId: string, form: Form) => postFromPage(groupRulesPage, groupRulesAt(cookie, groupId), form);
export const postProgramRules = (cookie: string, programId: string, form: Form) => postFromPage(programRulesPage, programRulesAt(cookie, programId), form);

/** A group's or a program's completion page, its criteria form (save or remove), opened first. */
export const groupCompletionAt = (cookie: string, groupId: string): At => ({ path: `/groups/${groupId}/completion`, params: { groupId }, cookie });
export const programCompletionAt = (cookie: string, programId: string): At => ({ path: `/programs/${programId}/completion`, params: { programId }, cookie });
export const criteriaVersionOf = (data: unknown) => (data as { criteriaVersion: string }).criteriaVersion;
export const postGroupCriteria = (cookie: string, groupId: string, form: Form) => postFromPage(groupCompletionPage, groupCompletionAt(cookie, groupId), form, criteriaVersionOf);
export const postProgramCriteria = (cookie: string, programId: string, form: Form) => postFromPage(programCompletionPage, programCompletionAt(cookie, programId), form, criteriaVersionOf);
