import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { addException, confirmRound, removeException, saveWeeklyAvailability } from "~/modules/availability/mutations.server";
import { getMyAvailability, roundInvitationFor } from "~/modules/availability/queries.server";
import { describeException, MAX_WINDOWS, parseExceptionForm, parseWeeklyForm } from "~/modules/availability/schema";
import { describeWindows } from "~/modules/availability/windows";
import type { Weekday } from "~/modules/time/zoned";
import { requireUser } from "~/modules/auth/session.server";
import { AvailabilityEditor } from "~/ui/availability-grid";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import styles from "~/ui/scheduling-ui.css";
import { formToObject, notFound, parseId } from "~/web/http.server";
import { dateStyleOf, formatCivilDate } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { DAY_NAME } from "~/ui/availability-grid";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.availability.pageTitle") }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roundParam = new URL(request.url).searchParams.get("round");
  // A round link that is not this person's (or junk) is a 404, like any record that is not theirs.
  // An old link to a round that has since been published or closed says so instead of asking.
  const invitation = roundParam === null ? null : await roundInvitationFor(user, parseId(roundParam));
  if (roundParam !== null && !invitation) notFound("Scheduling round not found");
  const mine = await getMyAvailability(user);
  const finishedRound = invitation && !invitation.open ? { groupName: invitation.groupName, status: invitation.status } : null;
  return { ...mine, finishedRound, zone: user.timezone, role: user.role, exceptionLabels: mine.exceptions.map((e) => describeException(e.startLocal, e.endLocal, dateStyleOf(user.locale))) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const raw = formToObject(await request.formData());
  const now = new Date();
  const intent = String(raw.intent ?? "");
  const back = (query: string) => redirect(`/availability?${query}`);
  if (intent === "weekly") {
    const parsed = parseWeeklyForm(raw);
    if (!parsed.ok) return json({ ok: false as const, form: "weekly", errors: parsed.errors, values: parsed.values }, { status: 400 });
    await saveWeeklyAvailability(user, parsed.data, now);
    return back("saved=1");
  }
  if (intent === "exception") {
    const parsed = parseExceptionForm(raw);
    if (!parsed.ok) return json({ ok: false as const, form: "exception", errors: parsed.errors, values: parsed.values }, { status: 400 });
    await addException(user, parsed.data, now);
    return back("away=1");
  }
  if (intent === "remove-exception") {
    await removeException(user, parseId(String(raw.exceptionId ?? "")));
    return back("removed=1");
  }
  if (intent === "confirm") {
    await confirmRound(user, parseId(String(raw.roundId ?? "")), now);
    return back("confirmed=1");
  }
  return json({ ok: false as const, form: "", errors: { _form: ["Unknown action."] }, values: {} }, { status: 400 });
}

export default function Availability() {
  const data = useLoaderData<typeof loader>();
  const style = useDateStyle();
  const { t } = useTexts();
  const labels = { awayFrom: t("participant.availability.awayFrom"), awayUntil: t("participant.availability.awayUntil"), note: t("participant.availability.note") };
  const [day, from, to] = [t("participant.availability.grid.day"), t("participant.availability.grid.from"), t("participant.availability.grid.to")];
  const rowLabels = Object.fromEntries(Array.from({ length: MAX_WINDOWS }, (_, i) => [[`day-${i}`, day], [`from-${i}`, from], [`to-${i}`, to]]).flat());
  const summary = describeWindows(data.windows, style, (d: Weekday) => t(DAY_NAME[d]));
  const zoneName = (zone: string) => zone.replace(/_/g, " ");
  const longDate = (date: string) => formatCivilDate(date, style);
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const weekly = result?.form === "weekly" ? result : undefined;
  const away = result?.form === "exception" ? result : undefined;
  const zoneChanged = data.windowsZone && data.windowsZone !== data.zone;
  return (
    <>
      <h1>{t("participant.availability.title")}</h1>
      {params.get("saved") ? <Notice>{t("participant.availability.done.saved")}</Notice> : null}
      {params.get("confirmed") ? <Notice>{t("participant.availability.done.confirmed")}</Notice> : null}
      {params.get("away") ? <Notice>{t("participant.availability.done.away")}</Notice> : null}
      {params.get("removed") ? <Notice>{t("participant.availability.done.removed")}</Notice> : null}
      {data.finishedRound ? (
        <Notice>
          {t(data.finishedRound.status === "published" ? "participant.availability.finished.published" : "participant.availability.finished.closed", {
            group: data.finishedRound.groupName,
          })}
        </Notice>
      ) : null}
      {data.rounds.length ? (
        <section aria-labelledby="asked">
          <h2 id="asked">{t("participant.availability.asked")}</h2>
          <ul>
            {data.rounds.map((r) => (
              <li key={r.id} className="card">
                <strong>{r.groupName}</strong>
                {t("participant.availability.weeklyFromTo", { from: longDate(r.startDate), to: longDate(r.endDate) })}{" "}
                {r.respondedAt ? (
                  <span className="badge badge-ok">{t("participant.availability.answered")}</span>
                ) : (
                  <span className="badge badge-warn">{t("participant.availability.notAnswered")}</span>
                )}
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="roundId" value={r.id} />
                  <button type="submit">
                    {t("participant.availability.confirm")}
                    <span className="visually-hidden">{t("participant.availability.forGroup", { group: r.groupName })}</span>
                  </button>
                  <Link to={`/rounds/${r.id}`}>
                    {t("participant.availability.howMany")}
                    <span className="visually-hidden">{t("participant.availability.forGroup", { group: r.groupName })}</span>
                  </Link>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="current">
        <h2 id="current">{t("participant.availability.usual")}</h2>
        {summary.length ? (
          <ul>
            {summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : (
          <p>{t("participant.availability.noTimes")}</p>
        )}
        <p className="muted">
          {zoneChanged
            ? t("participant.availability.timesInEntered", { zone: zoneName(data.windowsZone!) })
            : t("participant.availability.timesInYours", { zone: zoneName(data.zone) })}
          {t("participant.availability.changeZone")}
          <Link to="/profile">{t("participant.availability.profile")}</Link>.
        </p>
      </section>
      <section aria-labelledby="edit">
        <h2 id="edit">{t("participant.availability.edit")}</h2>
        <ErrorSummary data={weekly} labels={rowLabels} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="weekly" />
          <AvailabilityEditor windows={data.windows} data={weekly} zone={data.zone} />
          <button type="submit">{t("participant.availability.saveWeekly")}</button>
        </Form>
      </section>
      <section aria-labelledby="away">
        <h2 id="away">{t("participant.availability.away")}</h2>
        {data.exceptions.length ? (
          <ul>
            {data.exceptions.map((e, i) => (
              <li key={e.id}>
                {data.exceptionLabels[i]}
                {e.note ? ` (${e.note})` : ""}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-exception" />
                  <input type="hidden" name="exceptionId" value={e.id} />
                  <button type="submit" className="secondary">
                    {t("participant.availability.remove")}
                    <span className="visually-hidden"> {data.exceptionLabels[i]}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("participant.availability.noAway")}</p>
        )}
        <ErrorSummary data={away} labels={labels} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="exception" />
          <Field name="awayFrom" label={labels.awayFrom} type="date" data={away} />
          <Field name="awayUntil" label={labels.awayUntil} type="date" hint={t("participant.availability.singleDay")} data={away} />
          <Field name="note" label={t("participant.availability.noteOptional")} data={away} />
          <button type="submit">{t("participant.availability.addAway")}</button>
        </Form>
      </section>
    </>
  );
}
