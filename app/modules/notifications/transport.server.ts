import { config } from "~/config.server";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export type OutgoingMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: { filename: string; contentType: string; content: string; method?: string }[];
};

export type MailTransport = { send(message: OutgoingMessage): Promise<void>; describe: string };


function toNodemailer(message: OutgoingMessage) {
  const calendar = message.attachments.find((a) => a.contentType.startsWith("text/calendar"));
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.method ? `${a.contentType}; method=${a.method}` : a.contentType,
    })),
    ...(calendar?.method ? { icalEvent: { method: calendar.method, content: calendar.content } } : {}),
  };
}

/** SMTP_URL → real SMTP; otherwise each message is written as an .eml file under .data/mail/. */
export function createTransport(smtpUrl = config().smtpUrl): MailTransport {
  const mailDir = config().mailDir;
  if (smtpUrl) {
    // Bounded waits: a hanging server fails the attempt (retried later) instead of stalling the
    // worker; values in the URL's query (e.g. ?socketTimeout=5000) take precedence.
    const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return {
      describe: `SMTP ${new URL(smtpUrl).host}`,
      async send(message) {
        await transporter.sendMail(toNodemailer(message));
      },
    };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `files in ${mailDir}`,
    async send(message) {
      const info = await transporter.sendMail(toNodemailer(message));
      mkdirSync(mailDir, { recursive: true });
      const safeId = message.messageId.replace(/[^a-zA-Z0-9.-]/g, "_");
      writeFileSync(path.join(mailDir, `${safeId}.eml`), info.message as Buffer);
    },
  };
}
