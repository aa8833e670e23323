/**
 * Walk-ins added without an email get a placeholder address on an `.invalid` domain (RFC 2606:
 * it can never be delivered), only because every account needs a unique email. Pure helpers so
 * no page shows it and no message is ever queued to it.
 */
export const WALK_IN_EMAIL_DOMAIN = "walk-in.invalid";

export function isPlaceholderEmail(email: string | null | undefined): boolean {
  return typeof email === "string" && email.trim().toLowerCase().endsWith(`@${WALK_IN_EMAIL_DOMAIN}`);
}

/** The address to show or use, or null for a placeholder. */
export function realEmail(email: string | null | undefined): string | null {
  return email && !isPlaceholderEmail(email) ? email : null;
}

/** How names are compared for "is this the same person?": case and spacing ignored (as `sameNameSql` in the database). */
export function sameNameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** "jamie@riverside.example" → "j…@riverside.example"; a placeholder → "no email". */
export function emailHint(email: string): string {
  if (isPlaceholderEmail(email)) return "no email";
  const at = email.indexOf("@");
  return at <= 0 ? "" : `${email[0]}…${email.slice(at)}`;
}
