import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { competencyEvidence, competencyItems, competencyRecords } from "~/db/tables/competency";
import { computeExpiry } from "~/modules/competency/expiry";
import { ensureStarterFramework } from "~/modules/competency/framework/mutations.server";
import type { Outcome } from "./requests";

/** Installs the starter framework in the organisation and returns its items by code. */
export async function installFramework(organizationId: string) {
  await ensureStarterFramework(db, organizationId);
  const items = await db.select().from(competencyItems).where(eq(competencyItems.organizationId, organizationId));
  return Object.fromEntries(items.map((i) => [i.code, i])) as Record<string, typeof competencyItems.$inferSelect>;
}

/**
 * Gives `userId` a verified record (with a note as evidence) for every item but `except`,
 * achieved on `achievedOn` (expiry follows each item's validity).
 */
export async function makeCurrent(
  organizationId: string,
  userId: string,
  verifierId: string,
  options: { except?: string[]; achievedOn?: string; only?: string[] } = {},
) {
  const items = await installFramework(organizationId);
  const achievedOn = options.achievedOn ?? new Date().toISOString().slice(0, 10);
  const ids: Record<string, string> = {};
  for (const item of Object.values(items)) {
    if (options.except?.includes(item.code)) continue;
    if (options.only && !options.only.includes(item.code)) continue;
    const [record] = await db
      .insert(competencyRecords)
      .values({
        organizationId,
        userId,
        itemId: item.id,
        status: "verified",
        achievedOn,
        expiresOn: computeExpiry(achievedOn, item.validityMonths),
        assessedBy: verifierId,
        verifiedBy: verifierId,
        verifiedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: competencyRecords.id });
    if (record) {
      await db.insert(competencyEvidence).values({ organizationId, recordId: record.id, kind: "note", note: "Seeded", addedBy: verifierId });
      ids[item.code] = record.id;
    }
  }
  return ids;
}

export async function recordOf(userId: string, itemId: string) {
  const [row] = await db
    .select()
    .from(competencyRecords)
    .where(and(eq(competencyRecords.userId, userId), eq(competencyRecords.itemId, itemId)));
  return row ?? null;
}

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

/** Posts a real multipart/form-data body (a file and fields) to a route's action. */
export async function postMultipart(
  route: RouteModule,
  options: { path: string; params?: Record<string, string>; cookie?: string; fields?: Record<string, string>; file?: { field: string; name: string; type: string; bytes: Uint8Array } },
): Promise<Outcome> {
  const body = new FormData();
  for (const [k, v] of Object.entries(options.fields ?? {})) body.append(k, v);
  if (options.file) body.append(options.file.field, new Blob([options.file.bytes as Uint8Array<ArrayBuffer>], { type: options.file.type }), options.file.name);
  const headers = new Headers({ origin: "http://test.local" });
  if (options.cookie) headers.set("cookie", options.cookie);
  const request = new Request(`http://test.local${options.path}`, { method: "POST", headers, body });
  try {
    return await toOutcome(await route.action!({ request, params: options.params ?? {}, context: {} } as never));
  } catch (thrown) {
    if (thrown instanceof Response) return toOutcome(thrown);
    throw thrown;
  }
}

async function toOutcome(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const type = result.headers.get("content-type") ?? "";
    const data = type.includes("json") ? await result.json() : result.body ? await result.text() : undefined;
    return { status: result.status, location: result.headers.get("location") ?? undefined, data, headers: result.headers };
  }
  return { status: 200, data: result };
}

export const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
export const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
