import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { enqueueEmail, processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { startSmtpServer } from "../../factories/smtp";

/**
 * A message queued in the same millisecond as the send that follows it (a fast machine: the
 * insert's microseconds are past the JavaScript time's whole millisecond) is due then, not a tick
 * later — the CI failure where one of two invitations queued just before a send arrived with the
 * next send instead.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

describe("the outbox", () => {
  it("sends a message queued a few microseconds into the millisecond it is sent in", async () => {
    await enqueueEmail(db, { to: "same-ms@test.example", organizationId: null, subject: "Same millisecond", text: "t", html: "<p>t</p>" });
    const sendAt = new Date("2031-05-06T07:08:09.123Z");
    await db.execute(sql`update ${emailOutbox} set next_attempt_at = '2031-05-06T07:08:09.123456Z' where to_address = 'same-ms@test.example'`);
    const result = await processOutbox({ transport: createTransport(smtp.url), now: () => sendAt });
    expect(result.sent).toBe(1);
    expect(smtp.messages.map((m) => m.subject)).toEqual(["Same millisecond"]);
    const [row] = await db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.toAddress, "same-ms@test.example"));
    expect(row.status).toBe("sent");
  });

  it("still leaves a message due in a later millisecond for later", async () => {
    await enqueueEmail(db, { to: "next-ms@test.example", organizationId: null, subject: "Next millisecond", text: "t", html: "<p>t</p>" });
    await db.execute(sql`update ${emailOutbox} set next_attempt_at = '2031-05-06T07:08:09.124000Z' where to_address = 'next-ms@test.example'`);
    expect((await processOutbox({ transport: createTransport(smtp.url), now: () => new Date("2031-05-06T07:08:09.123Z") })).sent).toBe(0);
  });
});
