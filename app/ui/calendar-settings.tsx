import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorSummary, Notice, Select, type ActionErrors } from "./form";
import { When } from "./time";

export type CalendarSettingsData = {
  feeds: { id: string; groupId: string | null; groupName: string | null; createdAt: string }[];
  reminders: { enabled: boolean; hours: number };
  followable: { id: string; name: string }[];
};

/** Calendar feed links (create, regenerate, turn off) and reminder preferences, on the profile page. */
export function CalendarSettings({
  data,
  timezone,
  newFeedUrl,
  errors,
}: {
  data: CalendarSettingsData;
  timezone: string;
  newFeedUrl?: string;
  errors?: ActionErrors;
}) {
  const personal = data.feeds.filter((f) => !f.groupId);
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Calendar feed</h2>
      <p>
        Add your sessions to Google Calendar, Outlook or Apple Calendar with a private link. Anyone with the link can see your
        sessions (never other people&apos;s names), so keep it to yourself; turn it off or make a new one at any time.
      </p>
      <ErrorSummary data={errors} labels={{ groupId: "Group", feedId: "Calendar link", reminderHours: "Reminder time" }} />
      {newFeedUrl ? (
        <Notice>
          <p>Your new calendar link (shown only now — copy it into your calendar app):</p>
          <p>
            <label htmlFor="new-feed-url">Calendar link</label>
            <input id="new-feed-url" type="text" readOnly value={newFeedUrl} />
          </p>
          <FeedLinks url={newFeedUrl} />
        </Notice>
      ) : null}
      <ul>
        {data.feeds.map((f) => (
          <li key={f.id}>
            {f.groupName ? `Group calendar: ${f.groupName}` : "My sessions"}, made <When at={f.createdAt} zone={timezone} />{" "}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="feed-revoke" />
              <input type="hidden" name="feedId" value={f.id} />
              <button type="submit" className="secondary">
                Turn off<span className="visually-hidden"> this calendar link</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="feed-create" />
        <input type="hidden" name="groupId" value="" />
        <button type="submit">{personal.length ? "Make a new link for my sessions" : "Make a calendar link for my sessions"}</button>
      </Form>
      {data.followable.length ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="feed-create" />
          <Select name="groupId" label="Group calendar (staff)" options={data.followable.map((g) => ({ value: g.id, label: g.name }))} />
          <button type="submit" className="secondary">
            Make a group calendar link
          </button>
        </Form>
      ) : null}
      <h2 id="reminders-heading">Reminders</h2>
      <Form method="post" aria-labelledby="reminders-heading">
        <input type="hidden" name="intent" value="reminders" />
        <div className="checks field">
          <label>
            <input type="checkbox" name="remindersEnabled" value="on" defaultChecked={data.reminders.enabled} /> Email me a reminder before each session
          </label>
        </div>
        <Select
          name="reminderHours"
          label="How long before"
          defaultValue={String(data.reminders.hours)}
          options={[
            { value: "2", label: "2 hours" },
            { value: "12", label: "12 hours" },
            { value: "24", label: "24 hours" },
            { value: "48", label: "48 hours" },
          ]}
        />
        <button type="submit" className="secondary">
          Save reminders
        </button>
      </Form>
    </section>
  );
}

/** The subscription addresses calendar apps understand for a feed URL (https → webcal). */
export function subscribeLinks(url: string) {
  const webcal = url.replace(/^https?:\/\//, "webcal://");
  return {
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    apple: webcal,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(url)}&name=${encodeURIComponent("My sessions")}`,
  };
}

/** Copy (with JavaScript; the field above can always be selected) and one-tap subscribe links. */
function FeedLinks({ url }: { url: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  const links = subscribeLinks(url);
  return (
    <>
      {canCopy ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => navigator.clipboard.writeText(url).then(() => setCopied("yes"), () => setCopied("no"))}
          >
            Copy the calendar link
          </button>{" "}
          <span role="status">{copied === "yes" ? "Copied." : copied === "no" ? "Could not copy: select the link and copy it." : ""}</span>
        </p>
      ) : null}
      <ul className="row">
        <li>
          <a href={links.google} rel="noreferrer noopener" target="_blank">
            Add to Google Calendar<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
        <li>
          <a href={links.apple}>Add to Apple Calendar</a>
        </li>
        <li>
          <a href={links.outlook} rel="noreferrer noopener" target="_blank">
            Add to Outlook<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
      </ul>
    </>
  );
}
