import { DateTime } from "luxon";
import { getZone } from "~/modules/time/zoned";

/**
 * A VTIMEZONE for `zone` covering [fromYear, toYear], computed from the IANA data through luxon:
 * one STANDARD/DAYLIGHT component per transition, each with its explicit DTSTART (local time in
 * the offset before the transition), so any RFC 5545 parser reproduces the same instants.
 * Pure: no clock, no machine zone.
 */
export function buildVTimezone(zoneName: string, fromYear: number, toYear: number): string {
  const zone = getZone(zoneName);
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const transitions: { at: number; from: number; to: number }[] = [];
  const HOUR = 3_600_000;
  let previous = zone.offset(start);
  for (let t = start + 6 * HOUR; t <= end; t += 6 * HOUR) {
    const current = zone.offset(t);
    if (current !== previous) {
      // Binary search to the minute of the change within the last 6 hours.
      let lo = t - 6 * HOUR;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (zone.offset(mid) === previous) lo = mid;
        else hi = mid;
      }
      transitions.push({ at: hi, from: previous, to: current });
      previous = current;
    }
  }
  const offsets = [zone.offset(start), ...transitions.map((x) => x.to)];
  const standardOffset = Math.min(...offsets);
  const fmtOffset = (minutes: number) => {
    const sign = minutes < 0 ? "-" : "+";
    const abs = Math.abs(minutes);
    return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  };
  const localStamp = (epoch: number, offset: number) => {
    const d = new Date(epoch + offset * 60_000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  };
  const name = (epoch: number) => DateTime.fromMillis(epoch, { zone: zoneName }).offsetNameShort ?? zoneName;
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zoneName}`];
  const initial = zone.offset(start);
  lines.push(
    initial > standardOffset ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD",
    `DTSTART:${localStamp(start, initial)}`,
    `TZOFFSETFROM:${fmtOffset(initial)}`,
    `TZOFFSETTO:${fmtOffset(initial)}`,
    `TZNAME:${name(start)}`,
    initial > standardOffset ? "END:DAYLIGHT" : "END:STANDARD",
  );
  for (const tr of transitions) {
    const kind = tr.to > standardOffset ? "DAYLIGHT" : "STANDARD";
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(tr.at, tr.from)}`,
      `TZOFFSETFROM:${fmtOffset(tr.from)}`,
      `TZOFFSETTO:${fmtOffset(tr.to)}`,
      `TZNAME:${name(tr.at)}`,
      `END:${kind}`,
    );
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}
