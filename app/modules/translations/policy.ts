import type { CurrentUser } from "~/modules/auth/policy";
import type { TranslatedTextKind } from "~/db/tables/translations";

/**
 * Who writes the organisation's texts in another language: the same people who write the text
 * itself — the crisis steps are the administrator's (like the organisation's details), group
 * descriptions, feedback questions and rules a manager's or the administrator's.
 */
export function canTranslate(user: CurrentUser, kind: TranslatedTextKind): boolean {
  if (kind === "crisis_text") return user.role === "admin";
  return user.role === "admin" || user.role === "manager";
}
