import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "../setup/ports";

/** The SMTP envelope of a received message: who the server was asked to deliver it to (RCPT TO). */
export type Envelope = { messageId: string | undefined; from: string | null; to: string[] };

/**
 * A real SMTP server on loopback that keeps every message it receives, parsed by mailparser, and
 * its envelope (`envelopes`, in the same order): the recipients a mail server delivers to, whatever
 * the headers say.
 */
export async function startSmtpServer(port?: number) {
  const messages: ParsedMail[] = [];
  const envelopes: Envelope[] = [];
  const raw: string[] = [];
  const listenPort = port ?? (await freePort());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const text = Buffer.concat(chunks).toString("utf8");
        raw.push(text);
        const parsed = await simpleParser(text);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        envelopes.push({ messageId: parsed.messageId, from, to: session.envelope.rcptTo.map((r) => r.address) });
        messages.push(parsed);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}?ignoreTLS=true`,
    messages,
    envelopes,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
