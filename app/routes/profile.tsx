import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { changePassword, updateProfile } from "~/modules/auth/mutations.server";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { passwordChangeSchema, profileSchema } from "~/modules/auth/schema";
import { requireUser } from "~/modules/auth/session.server";
import { createFeed, revokeFeed, setCalendarEntriesDiscreet, setReminderPreference } from "~/modules/calendar/mutations.server";
import { calendarSettings } from "~/modules/calendar/queries.server";
import { calendarIntentSchema } from "~/modules/calendar/schema";
import { CalendarSettings } from "~/ui/calendar-settings";
import { applySmsIntent } from "~/modules/notifications/sms/mutations.server";
import { smsSettings } from "~/modules/notifications/sms/queries.server";
import { SMS_INTENTS, smsIntentSchema } from "~/modules/notifications/sms/schema";
import { SMS_SAVED, SmsSettings } from "~/ui/sms-settings";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { DATE_STYLES, DATE_STYLE_LABELS, dateStyleOf } from "~/modules/time/zoned";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email, timezone: user.timezone, locale: user.locale, calendar: await calendarSettings(user), sms: await smsSettings(user, new Date()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (typeof intent === "string" && SMS_INTENTS.includes(intent)) {
    const form = await parseForm(request, smsIntentSchema, formData);
    if (!form.ok) return formFailure({ ...form, values: { ...form.values, intent: "sms" } });
    const result = await attempt({ ...form.values, intent: "sms" }, () => applySmsIntent(user, form.data));
    if (!result.ok) return result.response;
    if (!result.value.ok) return formFailure({ errors: { code: [result.value.message] }, values: { intent: "sms" } });
    return { ok: true as const, saved: form.data.intent };
  }
  if (intent === "feed-create" || intent === "feed-revoke" || intent === "reminders" || intent === "calendar-entries") {
    const form = await parseForm(request, calendarIntentSchema, formData);
    if (!form.ok) return formFailure({ ...form, values: { ...form.values, intent: "calendar" } });
    const data = form.data;
    const result = await attempt({ ...form.values, intent: "calendar" }, async () => {
      if (data.intent === "feed-create") {
        // A new personal link replaces the old one (regenerate); group links add up.
        if (!data.groupId) {
          for (const old of (await calendarSettings(user)).feeds.filter((f) => !f.groupId)) await revokeFeed(user, old.id);
        }
        const token = await createFeed(user, { groupId: data.groupId || null, discreet: data.discreet === "on" });
        return `${appUrl()}/calendar/${token}.ics`;
      }
      if (data.intent === "feed-revoke") await revokeFeed(user, data.feedId);
      else if (data.intent === "calendar-entries") await setCalendarEntriesDiscreet(user, data.discreet === "on");
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
  const { t } = useTexts();
  const failed = data && !data.ok ? data : undefined;
  const passwordErrors = failed?.values?.intent === "password" ? failed : undefined;
  const calendarErrors = failed?.values?.intent === "calendar" ? failed : undefined;
  const smsErrors = failed?.values?.intent === "sms" ? failed : undefined;
  const profileErrors = failed && !["password", "calendar", "sms"].includes(failed.values?.intent ?? "") ? failed : undefined;
  const savedMessages: Record<string, string> = {
    password: t("profile.saved.password"),
    profile: t("profile.saved.profile"),
    "feed-create": t("profile.saved.feedCreate"),
    "feed-revoke": t("profile.saved.feedRevoke"),
    reminders: t("profile.saved.reminders"),
    "calendar-entries": t("profile.saved.calendarEntries"),
    ...Object.fromEntries(Object.entries(SMS_SAVED).map(([intent, key]) => [intent, t(key)])),
  };
  return (
    <>
      <h1>{t("profile.title")}</h1>
      {data?.ok ? (
        <Notice>
          {savedMessages[data.saved]}
          {"emailSentTo" in data && data.emailSentTo
            ? ` ${t("profile.saved.emailSent", { email: data.emailSentTo })}`
            : null}
        </Notice>
      ) : null}
      <section aria-labelledby="details">
        <h2 id="details">{t("profile.details")}</h2>
        <ErrorSummary
          data={profileErrors}
          labels={{ name: t("profile.name"), email: t("profile.email"), emailPassword: t("profile.currentPassword"), timezone: t("profile.timezone"), locale: t("profile.locale") }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Field name="name" label={t("profile.name")} autoComplete="name" defaultValue={profile.name} data={profileErrors} />
          <Field name="email" label={t("profile.email")} type="email" autoComplete="email" defaultValue={profile.email} data={profileErrors} />
          <Field
            name="emailPassword"
            label={t("profile.emailPassword")}
            type="password"
            autoComplete="current-password"
            hint={t("profile.emailPasswordHint")}
            data={profileErrors}
          />
          <TimezoneSelect data={profileErrors} defaultValue={profile.timezone} />
          <Select
            name="locale"
            label={t("profile.locale")}
            hint={t("profile.localeHint")}
            defaultValue={dateStyleOf(profile.locale)}
            data={profileErrors}
            options={DATE_STYLES.map((style) => ({ value: style, label: DATE_STYLE_LABELS[style] }))}
          />
          <button type="submit">{t("profile.saveDetails")}</button>
        </Form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("profile.password")}</h2>
        <ErrorSummary
          data={passwordErrors}
          labels={{ currentPassword: t("profile.currentPassword"), newPassword: t("profile.newPassword"), confirmPassword: t("profile.confirm") }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" label={t("profile.currentPassword")} type="password" autoComplete="current-password" data={passwordErrors} />
          <Field
            name="newPassword"
            label={t("profile.newPassword")}
            type="password"
            autoComplete="new-password"
            hint={t("profile.newPasswordHint")}
            data={passwordErrors}
          />
          <Field name="confirmPassword" label={t("profile.confirmPassword")} type="password" autoComplete="new-password" data={passwordErrors} />
          <button type="submit">{t("profile.changePassword")}</button>
        </Form>
      </section>
      <CalendarSettings
        data={profile.calendar}
        timezone={profile.timezone}
        errors={calendarErrors}
        newFeedUrl={data?.ok && "feedUrl" in data ? data.feedUrl : undefined}
      />
      <SmsSettings data={profile.sms} timezone={profile.timezone} errors={smsErrors} />
    </>
  );
}
