import * as demographicsPage from "~/routes/participants.$userId.demographics";
import * as planPage from "~/routes/participants.$userId.plan";
import * as progressNotePage from "~/routes/sessions.$sessionId.notes.$userId";
import * as groupNotePage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "./requests";

type Form = Record<string, string | string[]>;
type Page = Parameters<typeof callRoute>[0];

/**
 * Posts a form the way a person does: the page is opened first and its form carries the version
 * the page shows (a save that names no version is refused). A form that brings its own `version`
 * keeps it; for someone the page refuses, the post goes without one (and is refused for them too).
 */
async function postFromPage(route: Page, at: { path: string; params: Record<string, string>; cookie: string }, form: Form, versionOf: (data: unknown) => string | undefined) {
  const page = await callRoute(route, at);
  const version = page.status === 200 ? versionOf(page.data) : undefined;
  return callRoute(route, { ...at, form: version !== undefined && form.version === undefined ? { ...form, version } : form });
}

/** The group note page (save or sign), opened first. */
export const postGroupNote = (cookie: string, sessionId: string, form: Form) =>
  postFromPage(groupNotePage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie }, form, (d) => (d as { version: string }).version);

/** A person's progress note page (save or sign), opened first. */
export const postProgressNote = (cookie: string, sessionId: string, userId: string, form: Form) =>
  postFromPage(progressNotePage, { path: `/sessions/${sessionId}/notes/${userId}`, params: { sessionId, userId }, cookie }, form, (d) => (d as { version: string }).version);

/** The plan page's strengths, barriers and needs form, opened first ("none" before the plan exists, as the page sends it). */
export const postPlanBasics = (cookie: string, userId: string, form: Form) =>
  postFromPage(planPage, { path: `/participants/${userId}/plan`, params: { userId }, cookie }, form, (d) => (d as { plan: { version: string } | null }).plan?.version ?? "none");

/** Staff's page of a person's demographics, opened first. */
export const postStaffDemographics = (cookie: string, userId: string, form: Form) =>
  postFromPage(demographicsPage, { path: `/participants/${userId}/demographics`, params: { userId }, cookie }, form, (d) => (d as { version: string }).version);
