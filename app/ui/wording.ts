/** Small wording helpers for pages and server messages (pure, safe on server and client). */

/** "1 person", "3 people", "0 groups": the count with the right form of the noun (English). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

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
