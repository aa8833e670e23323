import * as groupEdit from "~/routes/groups.$groupId.edit";
import { callRoute } from "./requests";

/**
 * Saves the group edit page the way a person does: the page is opened first and its form carries
 * the group's version (a save that names no version is refused). A form that brings its own
 * `version` keeps it; for someone the page refuses, the save goes without one and is refused too.
 */
export async function saveGroupEdit(cookie: string, groupId: string, form: Record<string, string | string[]>) {
  const route = { path: `/groups/${groupId}/edit`, params: { groupId }, cookie };
  const page = await callRoute(groupEdit, route);
  const version = page.status === 200 ? (page.data as { version: string }).version : undefined;
  return callRoute(groupEdit, { ...route, form: version !== undefined && form.version === undefined ? { ...form, version } : form });
}
