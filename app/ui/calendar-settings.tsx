import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorSummary, Notice, Select, type ActionErrors } from "./form";
import { When } from "./time";
import { useTexts } from "~/ui/i18n";

export type CalendarSettingsData = {
  /** The person's calendar entries (a session's .ics, emailed invitations): discreet or named. */
  entries: { discreet: boolean };
  feeds: { id: string; groupId: string | null; groupName: string | null; discreet: boolean; createdAt: string }[];
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
  const { t } = useTexts();
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t("profile.calendar.heading")}</h2>
      <p>{t("profile.calendar.intro")}</p>
      <ErrorSummary
        data={errors}
        labels={{ groupId: t("profile.calendar.group"), feedId: t("profile.calendar.link"), reminderHours: t("profile.calendar.reminderTime") }}
      />
      {newFeedUrl ? (
        <Notice>
          <p>{t("profile.calendar.newLink")}</p>
          <p>
            <label htmlFor="new-feed-url">{t("profile.calendar.link")}</label>
            <input id="new-feed-url" type="text" readOnly value={newFeedUrl} />
          </p>
          <FeedLinks url={newFeedUrl} />
        </Notice>
      ) : null}
      <ul>
        {data.feeds.map((f) => (
          <li key={f.id}>
            {f.groupName ? t("profile.calendar.groupCalendar", { group: f.groupName }) : t("profile.calendar.mySessions")}
            {f.discreet ? t("profile.calendar.discreetMarker") : null}, {t("profile.calendar.made")}{" "}
            <When at={f.createdAt} zone={timezone} />{" "}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="feed-revoke" />
              <input type="hidden" name="feedId" value={f.id} />
              <button type="submit" className="secondary">
                {t("profile.calendar.turnOff")}
                <span className="visually-hidden">{t("profile.calendar.turnOffHidden")}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="feed-create" />
        <input type="hidden" name="groupId" value="" />
        {/* Starts as the person's calendar entries do (participants: discreet unless they chose named): calendars are often shared, and a group's name can disclose treatment. Keyed so a saved change of that choice shows here at once. */}
        <DiscreetCheck id="feed-discreet" discreet={data.entries.discreet} label={t("profile.calendar.discreet")} hint={t("profile.calendar.discreetHint")} />
        <button type="submit">{personal.length ? t("profile.calendar.makeNew") : t("profile.calendar.make")}</button>
      </Form>
      <h3 id="calendar-entries-heading">{t("profile.calendar.entriesHeading")}</h3>
      <Form method="post" aria-labelledby="calendar-entries-heading">
        <input type="hidden" name="intent" value="calendar-entries" />
        <DiscreetCheck id="entries-discreet" discreet={data.entries.discreet} label={t("profile.calendar.entriesDiscreet")} hint={t("profile.calendar.entriesHint")} />
        <button type="submit" className="secondary">
          {t("profile.calendar.saveEntries")}
        </button>
      </Form>
      {data.followable.length ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="feed-create" />
          <Select name="groupId" label={t("profile.calendar.groupSelect")} options={data.followable.map((g) => ({ value: g.id, label: g.name }))} />
          <button type="submit" className="secondary">
            {t("profile.calendar.makeGroup")}
          </button>
        </Form>
      ) : null}
      <h2 id="reminders-heading">{t("profile.calendar.reminders")}</h2>
      <Form method="post" aria-labelledby="reminders-heading">
        <input type="hidden" name="intent" value="reminders" />
        <div className="checks field">
          <label>
            <input type="checkbox" name="remindersEnabled" value="on" defaultChecked={data.reminders.enabled} /> {t("profile.calendar.emailReminder")}
          </label>
        </div>
        <Select
          name="reminderHours"
          label={t("profile.calendar.howLong")}
          defaultValue={String(data.reminders.hours)}
          options={[2, 12, 24, 48].map((hours) => ({ value: String(hours), label: t("profile.calendar.hours", { count: hours }) }))}
        />
        <button type="submit" className="secondary">
          {t("profile.calendar.saveReminders")}
        </button>
      </Form>
    </section>
  );
}

/**
 * A "discreet" checkbox (field name `discreet`) starting as the person's calendar-entries choice:
 * keyed by it, so a saved change of that choice shows at once in every form that offers it.
 */
function DiscreetCheck({ id, discreet, label, hint }: { id: string; discreet: boolean; label: string; hint: string }) {
  return (
    <div className="checks field">
      <label>
        <input key={discreet ? "discreet" : "named"} type="checkbox" name="discreet" value="on" defaultChecked={discreet} aria-describedby={`${id}-hint`} /> {label}
      </label>
      <span className="hint" id={`${id}-hint`}>
        {hint}
      </span>
    </div>
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
  const { t } = useTexts();
  return (
    <>
      {canCopy ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => navigator.clipboard.writeText(url).then(() => setCopied("yes"), () => setCopied("no"))}
          >
            {t("profile.calendar.copy")}
          </button>{" "}
          <span role="status">{copied === "yes" ? t("profile.calendar.copied") : copied === "no" ? t("profile.calendar.copyFailed") : ""}</span>
        </p>
      ) : null}
      <ul className="row">
        <li>
          <a href={links.google} rel="noreferrer noopener" target="_blank">
            {t("profile.calendar.google")}
            <span className="visually-hidden">{t("profile.calendar.newTab")}</span>
          </a>
        </li>
        <li>
          <a href={links.apple}>{t("profile.calendar.apple")}</a>
        </li>
        <li>
          <a href={links.outlook} rel="noreferrer noopener" target="_blank">
            {t("profile.calendar.outlook")}
            <span className="visually-hidden">{t("profile.calendar.newTab")}</span>
          </a>
        </li>
      </ul>
    </>
  );
}
