import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { enqueueEmail, processOutbox } from "~/modules/notifications/mutations.server";
import type { MailTransport, OutgoingMessage } from "~/modules/notifications/transport.server";

// Two workers (instances) drain one outbox. A claim holds a message for a lease; a mail server
// that answers each SMTP step just inside its timeout can keep one send going for longer than
// that. Before: the lease ran out while the first worker was still sending, a second worker
// claimed and sent the message again, and the first worker's late outcome was written over the
// second's (a late failure put a sent message back to "pending": a third send).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transport that records what it sends; `hold` makes the next sends wait until released. */
function recordingTransport() {
  const sent: OutgoingMessage[] = [];
  let gate: Promise<void> | null = null;
  let open: () => void = () => {};
  let fail: Error | null = null;
  let entered: () => void = () => {};
  const sending = new Promise<void>((r) => (entered = r));
  const transport: MailTransport = {
    describe: "recording",
    async send(message) {
      entered();
      if (gate) await gate;
      if (fail) throw fail;
      sent.push(message);
    },
  };
  return {
    transport,
    sent,
    /** Resolves when a send has started (the message is claimed). */
    sending,
    hold() {
      gate = new Promise<void>((r) => (open = r));
    },
    release(error: Error | null = null) {
      fail = error;
      gate = null;
      open();
    },
  };
}

async function queueOne(tag: string) {
  const key = `lease-${tag}-${randomBytes(3).toString("hex")}`;
  await enqueueEmail(db, { to: `${key}@example.org`, subject: key, text: "t", html: "<p>t</p>", organizationId: null, dedupeKey: key });
  return key;
}

// The real clock, one second on (PostgreSQL's now() has microseconds, a Date milliseconds).
const clock = () => new Date(Date.now() + 1000);
// A short lease for the test (renewed every third of it), long enough for a loaded 2-core machine.
const LEASE = 1500;

describe("an outbox message whose send outlasts the lease", () => {
  it("is sent once: the worker still sending keeps its claim, the other worker never takes it (3 rounds)", async () => {
    for (let round = 0; round < 3; round++) {
      const key = await queueOne("slow");
      const slow = recordingTransport();
      const other = recordingTransport();
      slow.hold();
      const first = processOutbox({ transport: slow.transport, now: clock, leaseMs: LEASE, limit: 1 });
      await slow.sending;
      // The second worker polls through more than two leases' worth of time while the first one sends.
      const until = Date.now() + 2.5 * LEASE;
      while (Date.now() < until) {
        await processOutbox({ transport: other.transport, now: clock, leaseMs: LEASE, limit: 1 });
        await sleep(50);
      }
      slow.release();
      await first;
      expect(other.sent.map((m) => m.subject)).toEqual([]);
      expect(slow.sent.map((m) => m.subject)).toEqual([key]);
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
      expect(row).toMatchObject({ status: "sent", attempts: 1 });
    }
  }, 60_000);

  it("a worker whose lease was taken over does not overwrite the other's outcome (no third send)", async () => {
    const key = await queueOne("stale");
    const stale = recordingTransport();
    const fresh = recordingTransport();
    stale.hold();
    const first = processOutbox({ transport: stale.transport, now: clock, leaseMs: 300, limit: 1 });
    await stale.sending;
    // A worker whose clock reads an hour later (or one that runs after the renewals stopped) finds
    // the lease over, claims the message and delivers it.
    const later = () => new Date(Date.now() + 3_600_000);
    expect(await processOutbox({ transport: fresh.transport, now: later, leaseMs: 300, limit: 1 })).toEqual({ sent: 1, failed: 0 });
    // The first worker's send then fails (its connection dropped): that must not put the
    // delivered message back in the queue.
    stale.release(new Error("Connection closed unexpectedly"));
    await first;
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: "" });
    const retry = recordingTransport();
    await processOutbox({ transport: retry.transport, now: () => new Date(Date.now() + 7_200_000), limit: 5 });
    expect(retry.sent.map((m) => m.subject)).not.toContain(key);
    expect(fresh.sent.map((m) => m.subject)).toEqual([key]);
  });
});
