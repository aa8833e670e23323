import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "../setup/ports";

/** A real SMTP server on loopback that keeps every message it receives, parsed by mailparser. */
export async function startSmtpServer(port?: number) {
  const messages: ParsedMail[] = [];
  const raw: string[] = [];
  const listenPort = port ?? (await freePort());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const text = Buffer.concat(chunks).toString("utf8");
        raw.push(text);
        messages.push(await simpleParser(text));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}?ignoreTLS=true`,
    messages,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
