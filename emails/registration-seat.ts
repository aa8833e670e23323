import { renderEmail, type Email } from "./layout";

/** A seat freed and went to this person: either enrolled outright or offered until a deadline. */
export function seatAvailableEmail(data: {
  name: string;
  groupName: string;
  kind: "enrolled" | "offered";
  deadline: string | null;
  url: string;
}): Email {
  if (data.kind === "enrolled") {
    return renderEmail({
      subject: `A seat freed up: you're in ${data.groupName}`,
      greeting: `Hello ${data.name},`,
      paragraphs: [
        `Good news: a seat freed up in ${data.groupName} and it is yours. You are now enrolled.`,
        "If you can no longer come, please withdraw from My groups so the next person can have the seat.",
      ],
      action: { label: "See my groups", url: data.url },
    });
  }
  return renderEmail({
    subject: `A seat is held for you in ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `A seat freed up in ${data.groupName} and we are holding it for you until ${data.deadline}.`,
      "Accept it from My groups before then. If you decline or do not answer, the seat passes to the next person on the waitlist.",
    ],
    action: { label: "Accept or decline", url: data.url },
  });
}
