/**
 * A time of day typed on the roster or the paper-sheet page, as people write it in either date and
 * time style: "18:05", "9:05", "18.05", "6:05 PM", "6:05pm", "6 pm", "6:05 p. m.". Returns "HH:MM"
 * (00:00–23:59), or null when it is not a time of day. The page shows times in the reader's style
 * (a US reader sees "arrived 6:05 PM"), so the field takes that style too, not only HH:MM.
 */
export function readClockEntry(value: string): string | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, " ");
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.? ?m\.?$/.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2] ?? "0");
    if (hour < 1 || hour > 12 || minute > 59) return null;
    const h24 = (hour % 12) + (twelve[3] === "p" ? 12 : 0);
    return `${String(h24).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  }
  const day = /^(\d{1,2})[:.h](\d{2})$/.exec(text);
  if (!day) return null;
  const hour = Number(day[1]);
  const minute = Number(day[2]);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/**
 * The clock times a typed entry may mean, as "HH:MM" readings joined by "|": a time written like a
 * 12-hour clock without AM or PM ("7:05", "12:30" — an hour of 1 to 12 without a leading zero) may be
 * either half of the day ("07:05|19:05", "12:30|00:30"); anything else has one reading (readClockEntry).
 * The roster picks the reading that falls during the session (clockOnSessionDay): a tired facilitator
 * typing "7:05" for a 7 PM session means 7:05 PM. Null when it is not a time of day.
 */
export function readClockReadings(value: string): string | null {
  const read = readClockEntry(value);
  if (read === null) return null;
  const bare = /^([1-9]|1[0-2])[:.h](\d{2})$/.exec(value.trim());
  if (!bare) return read;
  const [h, m] = read.split(":").map(Number);
  const other = `${String((h + 12) % 24).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return `${read}|${other}`;
}
