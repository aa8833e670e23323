import { renderEmail, type Email } from "./layout";

/** Sent when someone registers (or is registered by staff): a seat, or a place on the waitlist. */
export function registrationConfirmedEmail(data: {
  name: string;
  groupName: string;
  status: "enrolled" | "waitlisted";
  position: number | null;
  nextSession: string | null;
  url: string;
}): Email {
  if (data.status === "enrolled") {
    return renderEmail({
      subject: `You're in: ${data.groupName}`,
      greeting: `Hello ${data.name},`,
      paragraphs: [
        `You have a seat in ${data.groupName}.`,
        data.nextSession ? `The next session is ${data.nextSession}.` : "We will let you know when the next session is scheduled.",
        "If your plans change, you can withdraw from My groups so someone else can have the seat.",
      ],
      action: { label: "See my groups", url: data.url },
    });
  }
  return renderEmail({
    subject: `On the waitlist: ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.groupName} is full right now, so you are on its waitlist${data.position ? ` at number ${data.position}` : ""}.`,
      "When a seat frees for you we will email you straight away. You do not need to do anything until then.",
    ],
    action: { label: "See my groups", url: data.url },
  });
}
