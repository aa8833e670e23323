import { renderEmail, type Email } from "./layout";

export function offerLapsedEmail(data: { name: string; groupName: string; url: string }): Email {
  return renderEmail({
    subject: `Your held seat in ${data.groupName} has passed on`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `We held a seat for you in ${data.groupName}, but the deadline passed, so it went to the next person on the waitlist.`,
      "You are welcome to register again; you will rejoin the waitlist.",
    ],
    action: { label: "Find a group", url: data.url },
  });
}
