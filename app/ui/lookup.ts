/**
 * `table[key]` for a key that comes from a request (`?done=…`, `?saved=…`): only the table's own
 * entries, so `?done=toString` or `?done=__proto__` finds nothing instead of a function from
 * Object.prototype (which broke a page's render).
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return key != null && Object.hasOwn(table, key) ? table[key] : undefined;
}
