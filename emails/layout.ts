import type { TFunction } from "i18next";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";

export type Email = { subject: string; text: string; html: string };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A message's subject for its reader. A subject shows on a locked phone's notification, so for a
 * discreet reader (Profile → Calendar entries; participants unless they chose named entries, see
 * discreetEntriesFor in modules/calendar) it names no group or program: `discreet` is the key of a
 * wording without one. The body may still name the group. Every email whose subject names a group
 * or program (or an organisation: the invitation, discreetInvitee) takes its subject from here.
 */
export function readerSubject(
  t: TFunction,
  reader: { discreet?: boolean },
  keys: { named: string; discreet: string },
  values: Record<string, string | number> = {},
): string {
  return t(reader.discreet ? keys.discreet : keys.named, values);
}

/** Wraps paragraphs (plain strings) and an optional action link in a simple accessible HTML mail. */
export function renderEmail(input: {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
  /** The recipient's language (users.locale): the default footer and the HTML's lang. */
  locale?: Locale;
}): Email {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const footer = input.footer ?? translatorFor(locale)("email.footer");
  const text = [
    input.greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []),
    "--",
    footer,
  ].join("\n");
  const html = `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">
<p>${escapeHtml(input.greeting)}</p>
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${input.action ? `<p><a href="${escapeHtml(input.action.url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">${escapeHtml(input.action.label)}</a></p>` : ""}
<hr><p style="font-size:.85rem;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject: input.subject, text, html };
}
