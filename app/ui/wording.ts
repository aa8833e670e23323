/** Small wording helpers for pages and server messages (pure, safe on server and client). */

export { plural } from "~/modules/wording";

/**
 * What a person reads on a 404: always the plain explanation; a route's own message only when it is
 * a sentence meant for people ("This follow-up link is not valid."), never a terse "Group not found"
 * or the router's "No route matches URL …".
 */
export function notFoundMessage(data: unknown): string {
  const plain = "It may have moved, or the link may be mistyped.";
  if (typeof data !== "string") return plain;
  const said = data.trim();
  if (!said.endsWith(".") || /not found|no route matches|^error:|can't find/i.test(said)) return plain;
  return `${said} ${plain}`;
}
