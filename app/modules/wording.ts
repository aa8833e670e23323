/** Wording shared by capabilities and pages (pure, safe on server and client); ui/wording re-exports it. */

/** "1 person", "3 people", "0 groups": the count with the right form of the noun (English). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
