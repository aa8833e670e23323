/**
 * What the header shows for an organisation: its name and, when it has one, its logo. The logo's
 * URL carries the upload time as a version, so a new logo is fetched at once while an unchanged
 * one is served from the browser's cache. Pure: no database.
 */
export type PublicBrand = { slug: string; name: string; logoUrl: string | null };

export function logoUrl(slug: string, logoUpdatedAt: Date | string | null): string | null {
  if (!logoUpdatedAt) return null;
  return `/o/${encodeURIComponent(slug)}/logo?v=${new Date(logoUpdatedAt).getTime()}`;
}

export function publicBrand(org: { slug: string; name: string; logoUpdatedAt: Date | null }): PublicBrand {
  return { slug: org.slug, name: org.name, logoUrl: logoUrl(org.slug, org.logoUpdatedAt) };
}

/** The largest logo accepted: enough for a crisp header image, small enough to serve on every page. */
export const MAX_LOGO_BYTES = 512 * 1024;
