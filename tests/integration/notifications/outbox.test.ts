import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { enqueueEmail, processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { freePort } from "../../setup/ports";
import { startSmtpServer } from "../../factories/smtp";

describe("email outbox", () => {
  it("retries while the SMTP server is down, then delivers each message exactly once", async () => {
    const port = await freePort();
    const transport = createTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true&connectionTimeout=2000`);
    await db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await enqueueEmail(tx, { to: `p${i}@example.org`, subject: `Hello ${i}`, text: `Body ${i}`, html: `<p>Body ${i}</p>`, organizationId: null });
      }
    });
    // The worker's clock starts at the real now: a message is due from when it was queued
    // (PostgreSQL's now()), so a fixed date would stop working once the real date passed it.
    // One second on: PostgreSQL's now() has microseconds and a Date only milliseconds, so a clock
    // read in the same millisecond as the insert can be a fraction earlier than the message's due time.
    let clock = new Date(Date.now() + 1000);
    const now = () => clock;

    // Server down: every message fails once and is rescheduled with backoff.
    const down = await processOutbox({ transport, now });
    expect(down).toEqual({ sent: 0, failed: 5 });
    const afterFailure = await db.select().from(emailOutbox);
    expect(afterFailure.every((m) => m.status === "pending" && m.attempts === 1 && m.lastError !== "")).toBe(true);
    expect(afterFailure.every((m) => m.nextAttemptAt.getTime() === clock.getTime() + 30_000)).toBe(true);

    // Not due yet: nothing is tried.
    expect(await processOutbox({ transport, now })).toEqual({ sent: 0, failed: 0 });

    // Server up; two workers race for the same due messages.
    const smtp = await startSmtpServer(port);
    try {
      clock = new Date(clock.getTime() + 31_000);
      const [a, b] = await Promise.all([processOutbox({ transport, now }), processOutbox({ transport, now })]);
      expect(a.sent + b.sent).toBe(5);
      expect(smtp.messages).toHaveLength(5);
      expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(5);
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual(["Hello 0", "Hello 1", "Hello 2", "Hello 3", "Hello 4"]);
      const parsed = smtp.messages.find((m) => m.subject === "Hello 2")!;
      expect(parsed.text?.trim()).toBe("Body 2");
      expect(parsed.html).toContain("<p>Body 2</p>");

      // A later run (or a restarted worker) never sends them again.
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await processOutbox({ transport, now })).toEqual({ sent: 0, failed: 0 });
      expect(smtp.messages).toHaveLength(5);
      const rows = await db.select().from(emailOutbox);
      expect(rows.every((m) => m.status === "sent" && m.attempts === 2 && m.sentAt !== null)).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it("queues a message with a dedupe key only once", async () => {
    const first = await enqueueEmail(db, { to: "x@example.org", subject: "Reminder", text: "t", html: "h", organizationId: null, dedupeKey: "reminder:1:x" });
    const second = await enqueueEmail(db, { to: "x@example.org", subject: "Reminder", text: "t", html: "h", organizationId: null, dedupeKey: "reminder:1:x" });
    expect([first, second]).toEqual([true, false]);
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, "reminder:1:x"));
    expect(rows).toHaveLength(1);
  });

  it("gives up after the last attempt and keeps the error", async () => {
    const port = await freePort();
    const transport = createTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true&connectionTimeout=1000`);
    await enqueueEmail(db, { to: "never@example.org", subject: "Doomed", text: "t", html: "h", organizationId: null, dedupeKey: "doomed" });
    let clock = new Date(Date.now() + 1000); // the real now, one second on, as above
    for (let i = 0; i < 10; i++) {
      await processOutbox({ transport, now: () => clock });
      clock = new Date(clock.getTime() + 3_600_000);
    }
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, "doomed"));
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(10);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
