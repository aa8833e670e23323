import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every email queued for a person's account names the account (enqueueEmail's `toUser`, or a
 * reminder's, seat email's or staff email's person: `reminder`, `seat`, `about`), so it goes to
 * the address the account has when it is sent — an email change confirmed while it waits is
 * followed (integration/notifications/outbox-current-address). A literal address is only for a
 * message about that address itself; each such call is listed here with the reason, so a new email
 * cannot quietly go to an address that has since been left behind. (A message to an account goes
 * only once its address is confirmed — integration/notifications/outbox-unconfirmed-address — so a
 * message whose purpose is to reach an unconfirmed address must be a literal one, listed here.)
 */
const LITERAL: Record<string, string> = {
  "app/modules/auth/mutations.server.ts: to: existing.email": "sign-up with the address of an existing account: told at the address that was typed",
  "app/modules/auth/mutations.server.ts: to: email": "sign-up confirmation, or an invitation: to the address typed (there may be no account)",
  "app/modules/auth/mutations.server.ts: to: user.email": "a password reset asked for with this address (reset links die when the address changes)",
  "app/modules/auth/mutations.server.ts: to: input.email": "an invitation sent again: to the invited address",
  "app/modules/auth/mutations.server.ts: to: taken.email": "someone tried to move their account to this address: its owner is told there",
  "app/modules/auth/mutations.server.ts: to: newEmail": "the link confirming a new address goes to that address",
  "app/modules/orgs/mutations.server.ts: to: input.adminEmail": "a new organisation's first administrator's invitation: to the address given",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The argument text of each enqueueEmail( … ) call in a source (up to its closing parenthesis). */
function calls(source: string): string[] {
  const found: string[] = [];
  for (let i = source.indexOf("enqueueEmail("); i >= 0; i = source.indexOf("enqueueEmail(", i + 1)) {
    if (/function\s+$/.test(source.slice(Math.max(0, i - 20), i))) continue; // its definition
    let depth = 0;
    let end = i + "enqueueEmail".length;
    for (; end < source.length; end++) {
      if (source[end] === "(") depth++;
      else if (source[end] === ")" && --depth === 0) break;
    }
    found.push(source.slice(i, end + 1));
  }
  return found;
}

describe("emails for a person's account name the account", () => {
  const root = path.resolve("app");
  const sites = sourceFiles(root).flatMap((file) =>
    calls(readFileSync(file, "utf8")).map((call) => ({ file: path.relative(path.resolve("."), file), call })),
  );

  it("finds the emails", () => {
    expect(sites.length).toBeGreaterThan(30);
  });

  it("each call names the account, or is a literal address listed with its reason", () => {
    const unnamed = sites
      .filter(({ call }) => !/\b(toUser|reminder|seat|about)\b\s*[:,}]/.test(call))
      .map(({ file, call }) => `${file}: ${/\bto: [\w.]+/.exec(call)?.[0] ?? call.slice(0, 80)}`);
    const unexplained = unnamed.filter((key) => !(key in LITERAL));
    expect(unexplained, "enqueueEmail calls with neither toUser nor a listed reason").toEqual([]);
    // No stale entries: each listed call still exists.
    for (const key of Object.keys(LITERAL)) expect(unnamed).toContain(key);
  });

  it("tells a named call from a literal one", () => {
    expect(calls("await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId });")[0]).toMatch(/\btoUser\b\s*:/);
    expect(calls("await enqueueEmail(tx, f(a), { to: x });")).toEqual(["enqueueEmail(tx, f(a), { to: x })"]);
    expect(calls("export async function enqueueEmail(\n  tx: Executor,\n)")).toEqual([]);
  });
});
