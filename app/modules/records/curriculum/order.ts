/**
 * Which unit each session of a group covers when units are given "in order" (pure: no database,
 * no clock — `now` is passed in).
 *
 * Walking the group's sessions in time order, a cursor follows the curriculum's active units:
 * - a cancelled session takes no unit (an automatic link to it is released if it is still to come);
 * - a session whose unit was chosen by hand keeps it, and the cursor moves to that unit;
 * - a session already started keeps the unit it has (what was planned then is history), and the
 *   cursor moves to it; without a unit it is left alone unless `includePast` (the managers'
 *   explicit "assign in order" for sessions that existed before the curriculum);
 * - every other session (no unit yet, or an automatic one still to come) gets the unit after the
 *   cursor; once the units run out, the remaining sessions have none.
 */
export type OrderUnit = { id: string };
export type OrderSession = { id: string; startsAt: Date; status: string; unitId: string | null; assignment: "auto" | "manual" | null };
export type UnitChange = { sessionId: string; unitId: string | null };

export function unitsInOrder(units: readonly OrderUnit[], sessions: readonly OrderSession[], now: Date, options: { includePast: boolean }): UnitChange[] {
  const index = new Map(units.map((u, i) => [u.id, i]));
  const ordered = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  const changes: UnitChange[] = [];
  let cursor = -1;
  const follow = (unitId: string | null) => {
    const at = unitId ? index.get(unitId) : undefined;
    if (at !== undefined) cursor = at;
  };
  for (const session of ordered) {
    const started = session.startsAt.getTime() <= now.getTime();
    if (session.status === "cancelled") {
      if (session.assignment === "auto" && !started) changes.push({ sessionId: session.id, unitId: null });
      continue;
    }
    if (session.assignment === "manual" || (started && session.unitId)) {
      follow(session.unitId);
      continue;
    }
    if (started && !options.includePast) continue;
    const next = units[cursor + 1] ?? null;
    if (next) cursor++;
    const unitId = next?.id ?? null;
    if (unitId !== session.unitId) changes.push({ sessionId: session.id, unitId });
  }
  return changes;
}

/** The position a unit takes when moved one step up or down among the active units (null when it is already at that end). */
export function swapTarget<T extends { id: string }>(units: readonly T[], unitId: string, direction: "up" | "down"): T | null {
  const at = units.findIndex((u) => u.id === unitId);
  if (at < 0) return null;
  return units[direction === "up" ? at - 1 : at + 1] ?? null;
}
