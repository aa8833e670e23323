import { renderEmail, type Email } from "./layout";

export function sessionReminderEmail(data: { name: string; groupName: string; when: string; location: string; url: string; optOutUrl: string }): Email {
  return renderEmail({
    subject: `Reminder: ${data.groupName}, ${data.when}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [`${data.groupName} meets ${data.when}.`, ...(data.location ? [`Where: ${data.location}`] : [])],
    action: { label: "See the session", url: data.url },
    footer: `You can turn reminders off on your profile page: ${data.optOutUrl}`,
  });
}
