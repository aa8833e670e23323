import { renderEmail, type Email } from "./layout";

/** To a facilitator, their supervisor or a manager: a session's group note is still unsigned 72 h after it. */
export function recordsNoteOverdueEmail(data: { name: string; groupName: string; when: string; state: "missing" | "draft"; url: string }): Email {
  return renderEmail({
    subject: `Group note not signed: ${data.groupName}, ${data.when}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      data.state === "missing"
        ? `The ${data.groupName} session on ${data.when} took place with attendance, and no group note has been written 72 hours later.`
        : `The group note for the ${data.groupName} session on ${data.when} is still a draft 72 hours later.`,
      "Please write and sign it (with progress notes for the people who attended, where useful). This reminder is sent once.",
    ],
    action: { label: "Open the group note", url: data.url },
    footer: "You receive this because you lead this group, supervise its facilitator or manage this organisation.",
  });
}
