import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import { requireUser } from "~/modules/auth/session.server";
import { closeRound, publishRound, remindRound, saveRoundPlan } from "~/modules/scheduling/mutations.server";
import { getRoundForViewer, roundPageData } from "~/modules/scheduling/queries.server";
import { parsePlanForm } from "~/modules/scheduling/rounds-schema";
import { ErrorSummary, Notice, TextArea, type ActionErrors } from "~/ui/form";
import { withGateRefusal } from "~/ui/competency-gate";
import { Heatmap } from "~/ui/heatmap";
import { AdjustForm, PlanSummary, PublishButton, PublishedSummary } from "~/ui/scheduling-plan";
import styles from "~/ui/scheduling-ui.css";
import { CivilDate, When } from "~/ui/time";
import { attempt, flattenValues, formFailure, formToObject, forbidden, parseId, UserInputError } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.round.pageTitle", { name: data.round.group.name }) : pageTitle(matches, "manage.round.pageTitleNone") },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  confirmRecordedView(request, user);
  const page = await roundPageData(user, parseId(params.roundId), new Date());
  // Staff see invitees' names and availability: each invitee's history records it.
  if (page.staff) await recordRosterViewed(user, page.round.group.id, page.staff.invitees.map((i) => i.id), "scheduling_round");
  return { ...page, viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const roundId = parseId(params.roundId);
  const now = new Date();
  // 404 unless theirs, 403 unless they plan it; the engine runs only where an intent needs it.
  if ((await getRoundForViewer(user, roundId)).view !== "staff") forbidden();
  const raw = formToObject(await request.formData());
  const values = flattenValues(raw);
  if (raw.intent === "adjust") {
    const page = await roundPageData(user, roundId, now);
    if (!page.staff) forbidden();
    const parsed = parsePlanForm(raw, {
      sections: page.round.sections,
      slotKeys: new Set(page.slots.map((s) => `${s.day}@${s.start}`)),
      participantIds: page.staff.invitees.map((i) => i.id),
      facilitatorIds: page.staff.leaders.map((l) => l.id),
    });
    if (!parsed.ok) return formFailure({ errors: parsed.errors, values });
    const saved = await attempt(values, () => saveRoundPlan(user, roundId, parsed.cohorts, now));
    return saved.ok ? redirect(`/rounds/${roundId}?adjusted=1#plan`) : saved.response;
  }
  if (raw.intent === "reset") {
    const saved = await attempt(values, () => saveRoundPlan(user, roundId, null, now));
    return saved.ok ? redirect(`/rounds/${roundId}?reset=1#plan`) : saved.response;
  }
  if (raw.intent === "publish") {
    const reason = String(raw.overrideReason ?? "").trim();
    try {
      const done = await publishRound(user, roundId, { baseUrl: appUrl(), now, overrideReason: reason || undefined });
      return redirect(`/rounds/${roundId}?published=${done.series.length}${done.waitlisted ? `&waitlisted=${done.waitlisted}` : ""}`);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // The competency gate names "facilitatorIds": show it beside the override reason.
      const field = error.field === "facilitatorIds" ? "overrideReason" : "_form";
      return formFailure({ errors: { [field]: [error.message] }, values, details: error.details });
    }
  }
  if (raw.intent === "remind") {
    const sent = await attempt(values, () => remindRound(user, roundId, { baseUrl: appUrl(), now }));
    return sent.ok ? redirect(`/rounds/${roundId}?reminded=${sent.value.reminded}#answers`) : sent.response;
  }
  if (raw.intent === "close") {
    const closed = await attempt(values, () => closeRound(user, roundId, { reason: String(raw.closeReason ?? "") }, now));
    return closed.ok ? redirect(`/rounds/${roundId}?closed=1`) : closed.response;
  }
  return formFailure({ errors: { _form: ["Unknown action."] }, values });
}

export default function RoundPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTexts();
  const actionData = useActionData<typeof action>();
  // A refusal of the competency gate, worded in the reader's language (the JSON carries it as data).
  const result = useMemo(
    () => (actionData && !actionData.ok ? withGateRefusal(t, actionData as ActionErrors & { details?: unknown }, "overrideReason") : actionData) as typeof actionData,
    [actionData, t],
  );
  const [params] = useSearchParams();
  const { round, staff } = data;
  const open = round.status === "open";
  const closeFailed = Boolean(result && !result.ok && "errors" in result && (result.errors as Record<string, unknown>).closeReason);
  // Any refused action (publish included) is summarised at the top of this long page, and focused.
  const problems = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result && !result.ok) problems.current?.querySelector<HTMLElement>(".error-summary")?.focus();
  }, [result]);
  const zone = round.group.timezone.replace(/_/g, " ");
  return (
    <>
      <h1>{t("manage.round.title", { name: round.group.name })}</h1>
      <p>
        {t("manage.round.weekly", { minutes: round.durationMinutes })}
        <CivilDate date={round.startDate} />
        {t("manage.round.and")}
        <CivilDate date={round.endDate} />
        {round.skipDates.length ? t("manage.round.notOn", { dates: round.skipDates.join(", ") }) : ""}
        {t("manage.round.starting", { from: round.dayStart, to: round.dayEnd, zone, count: round.sections, min: round.minParticipants, max: round.capacity })}
      </p>
      <p>
        {t("manage.round.answered", { responded: round.responded, count: round.invited })}{" "}
        {round.publishedAt ? (
          <>
            {t("manage.round.published")} <When at={round.publishedAt} zone={data.viewerZone} />.{" "}
          </>
        ) : null}
        <Link to={`/rounds/${round.id}/table`}>{t("manage.round.tableView")}</Link>
      </p>
      {params.get("invited") ? <Notice>{t("manage.round.done.invited", { count: Number(params.get("invited")), invited: params.get("invited") })}</Notice> : null}
      {params.get("published") ? (
        <Notice>
          {t("manage.round.done.published", { series: params.get("published") })}
          {Number(params.get("waitlisted")) > 0 ? ` ${t("manage.round.done.waitlisted", { count: Number(params.get("waitlisted")) })}` : ""}
        </Notice>
      ) : null}
      {params.get("adjusted") ? <Notice>{t("manage.round.done.adjusted")}</Notice> : null}
      {params.get("reset") ? <Notice>{t("manage.round.done.reset")}</Notice> : null}
      {params.get("reminded") ? <Notice>{t("manage.round.done.reminded", { count: Number(params.get("reminded")), reminded: params.get("reminded") })}</Notice> : null}
      {params.get("closed") ? <Notice>{t("manage.round.done.closed")}</Notice> : null}
      {staff ? (
        <div ref={problems}>
          <ErrorSummary
            data={result}
            labels={{
              overrideReason: t("manage.round.labels.publishing"),
              closeReason: t("manage.round.labels.closeReason"),
              ...Object.fromEntries(staff.invitees.map((i) => [`cohort-${i.id}`, i.name])),
              ...Object.fromEntries(
                Array.from({ length: round.sections }, (_, k) => [
                  [`slot-${k + 1}`, t("manage.plan.cohortTime", { n: k + 1 })],
                  [`facilitator-${k + 1}`, t("manage.plan.cohortFacilitator", { n: k + 1 })],
                ]).flat(),
              ),
            }}
          />
        </div>
      ) : null}
      <h2>{t("manage.round.whoFree")}</h2>
      <p className="muted">
        {t("manage.round.cellHelp", { invited: round.current })}
        {staff ? t("manage.round.openCell") : t("manage.round.namesStaff")}
      </p>
      <Heatmap slots={data.slots} total={round.current} timezone={round.group.timezone} planned={staff?.plan.map((c) => `${c.day}@${c.start}`)} />
      {staff ? (
        <>
          <h2 id="plan">{t("manage.round.cohorts")}</h2>
          {staff.published ? (
            <>
              <PublishedSummary published={staff.published} unassigned={staff.unassigned} />
              {staff.published.waitlisted.length ? <p>{t("manage.round.seats.waitlistedAtPublish", { names: staff.published.waitlisted.join(", ") })}</p> : null}
            </>
          ) : (
            <PlanSummary staff={staff} timezone={round.group.timezone} capacity={round.capacity} />
          )}
          {open ? (
            <>
              <h2>{t("manage.round.adjust")}</h2>
              <AdjustForm staff={staff} sections={round.sections} data={result} slots={data.slots} />
              {staff.adjusted ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reset" />
                  <button type="submit" className="secondary">{t("manage.round.reset")}</button>
                </Form>
              ) : null}
              <h2>{t("manage.round.publish")}</h2>
              <p>{t("manage.round.publishHelp", { zone })}</p>
              {staff.seats ? <SeatsBeforePublishing seats={staff.seats} /> : null}
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="publish" />
                <TextArea name="overrideReason" label={t("manage.round.overrideLabel")} rows={2} data={result} />
                <PublishButton />
              </Form>
              <details className="card" open={closeFailed || undefined}>
                <summary>{t("manage.round.closeSummary")}</summary>
                <p>{t("manage.round.closeHelp")}</p>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="close" />
                  <TextArea name="closeReason" label={t("manage.round.closeLabel")} rows={2} data={result} />
                  <button type="submit" className="secondary">{t("manage.round.close")}</button>
                </Form>
              </details>
            </>
          ) : round.status === "closed" ? (
            <p>
              {t("manage.round.wasClosed")}
              {round.closedAt ? <>{t("manage.round.closedOn")}<When at={round.closedAt} zone={data.viewerZone} /></> : null}
              {staff.closeReason ? `: ${staff.closeReason}` : ""}
              {t("manage.round.startNew")}{" "}
              <Link to={`/groups/${round.group.id}/rounds`}>{t("manage.round.groupRounds")}</Link>.
            </p>
          ) : (
            <p>
              {t("manage.round.isStatus", { status: round.status === "published" ? t("manage.round.statusPublished") : round.status })}{" "}
              <Link to={`/groups/${round.group.id}`}>{t("manage.round.groupPage")}</Link>.
            </p>
          )}
          <h2 id="answers">{t("manage.round.answersTitle", { responded: round.responded, invited: round.invited })}</h2>
          {open && round.responded < round.invited ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <p className="muted">
                {staff.reminders.due.length ? t("manage.round.due", { count: staff.reminders.due.length }) : t("manage.round.allReminded")}
                {staff.reminders.recentlyReminded.length && staff.reminders.due.length
                  ? t("manage.round.recently", { count: staff.reminders.recentlyReminded.length })
                  : ""}
                {t("manage.round.reminderRule")}
              </p>
              <button type="submit" className="secondary">
                {t("manage.round.remind")}
              </button>
            </Form>
          ) : null}
          <details>
            <summary>{t("manage.round.whoAnswered")}</summary>
            <ul>
              {staff.invitees.map((i) => (
                <li key={i.id}>
                  {i.name} ({i.timezone.replace(/_/g, " ")}): {i.respondedAt ? t("manage.round.answeredWord") : t("manage.round.notAnswered")}
                  {t("manage.round.windows", { count: i.windows })}
                  {i.exceptions ? t("manage.round.away", { count: i.exceptions }) : ""}
                  {!i.respondedAt && i.remindedAt ? (
                    <>
                      {t("manage.round.reminded", { count: i.reminders })}
                      <When at={i.remindedAt} zone={data.viewerZone} />
                    </>
                  ) : null}
                </li>
              ))}
              {staff.leaders.map((l) => (
                <li key={l.id}>
                  {l.name} {t("manage.round.leaderLine", { availability: l.hasAvailability ? t("manage.round.availabilityEntered") : t("manage.round.noAvailability"), count: l.busySessions })}
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : (
        <p>
          <Link to="/availability">{t("manage.round.enterAvailability")}</Link>
        </p>
      )}
    </>
  );
}

/** What publishing now does with the group's seats: who of the newcomers gets one, who waits. */
function SeatsBeforePublishing({ seats }: { seats: NonNullable<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["staff"]>["seats"]> }) {
  const { t } = useTexts();
  return (
    <div className="card" id="seats">
      <p>{t("manage.round.seats.counts", { capacity: seats.capacity, taken: seats.taken, waiting: seats.waiting, left: seats.left })}</p>
      <p>
        {seats.newcomers === 0
          ? t("manage.round.seats.noNewcomers")
          : seats.waitlisted.length === 0
            ? t("manage.round.seats.allSeated", { count: seats.newcomers })
            : t("manage.round.seats.someWait", { count: seats.newcomers, seated: seats.seated.length, waitlisted: seats.waitlisted.length })}
      </p>
      {seats.waitlisted.length ? <p>{t("manage.round.seats.waitNames", { names: seats.waitlisted.join(", ") })}</p> : null}
    </div>
  );
}
