import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { changePassword, updateProfile } from "~/modules/auth/mutations.server";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { passwordChangeSchema, profileSchema } from "~/modules/auth/schema";
import { requireUser } from "~/modules/auth/session.server";
import { createFeed, revokeFeed, setReminderPreference } from "~/modules/calendar/mutations.server";
import { calendarSettings } from "~/modules/calendar/queries.server";
import { calendarIntentSchema } from "~/modules/calendar/schema";
import { CalendarSettings } from "~/ui/calendar-settings";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { DATE_STYLES, DATE_STYLE_LABELS, dateStyleOf } from "~/modules/time/zoned";

export const meta: MetaFunction = () => [{ title: "Profile · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email, timezone: user.timezone, locale: user.locale, calendar: await calendarSettings(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "feed-create" || intent === "feed-revoke" || intent === "reminders") {
    const form = await parseForm(request, calendarIntentSchema, formData);
    if (!form.ok) return formFailure({ ...form, values: { ...form.values, intent: "calendar" } });
    const data = form.data;
    const result = await attempt({ ...form.values, intent: "calendar" }, async () => {
      if (data.intent === "feed-create") {
        // A new personal link replaces the old one (regenerate); group links add up.
        if (!data.groupId) {
          for (const old of (await calendarSettings(user)).feeds.filter((f) => !f.groupId)) await revokeFeed(user, old.id);
        }
        const token = await createFeed(user, { groupId: data.groupId || null });
        return `${appUrl()}/calendar/${token}.ics`;
      }
      if (data.intent === "feed-revoke") await revokeFeed(user, data.feedId);
      else await setReminderPreference(user, { remindersEnabled: data.remindersEnabled === "on", reminderHours: data.reminderHours });
      return undefined;
    });
    if (!result.ok) return result.response;
    return { ok: true as const, saved: data.intent, feedUrl: result.value };
  }
  if (intent === "password") {
    const form = await parseForm(request, passwordChangeSchema, formData);
    if (!form.ok) return formFailure({ ...form, values: { ...form.values, intent: "password" } });
    const limit = await consumeRateLimit("reauthenticate", user.id);
    if (!limit.ok) return rateLimitedResponse(limit, { ...form.values, intent: "password" });
    const result = await attempt(form.values, () => changePassword(user, form.data));
    if (!result.ok) return result.response;
    return { ok: true as const, saved: "password" };
  }
  const form = await parseForm(request, profileSchema, formData);
  const { emailPassword: _secret, ...values } = form.values;
  if (!form.ok) return formFailure({ ...form, values });
  const { emailPassword, ...details } = form.data;
  if (details.email !== user.email.toLowerCase()) {
    const limit = await consumeRateLimit("reauthenticate", user.id);
    if (!limit.ok) return rateLimitedResponse(limit, values);
  }
  const result = await attempt(values, () => updateProfile(user, { ...details, currentPassword: emailPassword }, { baseUrl: appUrl() }));
  if (!result.ok) return result.response;
  return { ok: true as const, saved: "profile", emailSentTo: result.value.confirmationSentTo };
}

export default function Profile() {
  const profile = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const passwordErrors = failed?.values?.intent === "password" ? failed : undefined;
  const calendarErrors = failed?.values?.intent === "calendar" ? failed : undefined;
  const profileErrors = failed && !["password", "calendar"].includes(failed.values?.intent ?? "") ? failed : undefined;
  const savedMessages: Record<string, string> = {
    password: "Your password was changed.",
    profile: "Your profile was saved.",
    "feed-create": "Your calendar link is ready.",
    "feed-revoke": "That calendar link is turned off.",
    reminders: "Your reminder settings were saved.",
  };
  return (
    <>
      <h1>Your profile</h1>
      {data?.ok ? (
        <Notice>
          {savedMessages[data.saved]}
          {"emailSentTo" in data && data.emailSentTo
            ? ` Check your email: we sent a link to ${data.emailSentTo} to confirm it. Your address changes when you follow the link.`
            : null}
        </Notice>
      ) : null}
      <section aria-labelledby="details">
        <h2 id="details">Details</h2>
        <ErrorSummary data={profileErrors} labels={{ name: "Name", email: "Email", emailPassword: "Current password", timezone: "Time zone", locale: "Date and time style" }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Field name="name" label="Name" autoComplete="name" defaultValue={profile.name} data={profileErrors} />
          <Field name="email" label="Email" type="email" autoComplete="email" defaultValue={profile.email} data={profileErrors} />
          <Field
            name="emailPassword"
            label="Current password (only to change your email)"
            type="password"
            autoComplete="current-password"
            hint="A new address is used once you follow the link we email to it."
            data={profileErrors}
          />
          <TimezoneSelect data={profileErrors} defaultValue={profile.timezone} />
          <Select
            name="locale"
            label="Date and time style"
            hint="How dates and times are written on every page and in the emails we send you."
            defaultValue={dateStyleOf(profile.locale)}
            data={profileErrors}
            options={DATE_STYLES.map((style) => ({ value: style, label: DATE_STYLE_LABELS[style] }))}
          />
          <button type="submit">Save details</button>
        </Form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ErrorSummary data={passwordErrors} labels={{ currentPassword: "Current password", newPassword: "New password", confirmPassword: "Confirm" }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" data={passwordErrors} />
          <Field name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters, and not a common password." data={passwordErrors} />
          <Field name="confirmPassword" label="Confirm new password" type="password" autoComplete="new-password" data={passwordErrors} />
          <button type="submit">Change password</button>
        </Form>
      </section>
      <CalendarSettings
        data={profile.calendar}
        timezone={profile.timezone}
        errors={calendarErrors}
        newFeedUrl={data?.ok && "feedUrl" in data ? data.feedUrl : undefined}
      />
    </>
  );
}
