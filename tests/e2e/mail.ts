import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { e2eApp } from "./app";

/**
 * Waits for the app's worker to deliver a message to `address` (the e2e app writes each message
 * as an .eml file into its MAIL_DIR) and returns the first link in it that matches `pattern`.
 */
export async function linkInMail(address: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const dir = e2eApp.mailDir;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".eml"))) {
      const mail = await simpleParser(readFileSync(path.join(dir, file)));
      const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((t) => t.value.map((v) => v.address?.toLowerCase()));
      if (!to.includes(address.toLowerCase())) continue;
      const match = pattern.exec(mail.text ?? "");
      if (match) return match[0];
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${address} with a link like ${pattern} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
