import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useLocation, useRevalidator, useRouteError, useSearchParams } from "@remix-run/react";
import { addWalkIn, NamesakeError } from "~/modules/attendance/walk-ins/mutations.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { cancelFromRoster, markAttendance, markEveryoneUnmarked, markSessionHeld, saveAttendanceDetails } from "~/modules/attendance/roster/mutations.server";
import { getRoster, searchWalkInCandidates } from "~/modules/attendance/roster/queries.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { rosterUnit } from "~/modules/records/curriculum/queries.server";
import { SessionUnitPanel } from "~/ui/curriculum";
import { canMarkHeld, canRecordAttendance, isCorrection } from "~/modules/attendance/rules";
import { rosterActionSchema, type RosterAction } from "~/modules/attendance/schema";
import { STAFF_ROLES, type CurrentUser } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { useMarkQueue } from "~/ui/attendance-queue";
import { BulkMarks, MarkQueueNotice, RosterRow, RosterSummary, useHydrated } from "~/ui/attendance-roster";
import { SessionAdmin, WalkIns } from "~/ui/attendance-session";
import { ErrorSummary, Notice } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId, searchText } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { notFoundMessage } from "~/ui/wording";
import { appUrl } from "~/config.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "attendance.roster.pageTitle", { group: data?.session.groupName ?? pageTitle(matches, "attendance.roster.sessionFallback") }) },
];

const noCandidates: Awaited<ReturnType<typeof searchWalkInCandidates>> = [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const now = new Date();
  const roster = await getRoster(user, parseId(params.sessionId), now);
  const q = searchText(request, "q");
  const onRoster = roster.rows.map((r) => r.userId);
  // The view's audit record, the walk-in search and the session's unit are independent: sent together.
  const [, candidates, plan] = await Promise.all([
    recordRosterViewed(user, roster.session.groupId, onRoster, "session_roster"),
    roster.session.settings.allowWalkIns ? searchWalkInCandidates(roster.session, q, onRoster) : noCandidates,
    rosterUnit(user, roster.session),
  ]);
  return {
    ...roster,
    viewerZone: user.timezone,
    walkInToken: newFormToken(),
    q,
    candidates,
    plan,
    canMark: canRecordAttendance(now, roster.session),
    canHold: canMarkHeld(now, roster.session),
    correction: isCorrection(now, roster.session),
  };
}

async function run(user: CurrentUser, sessionId: string, data: RosterAction): Promise<unknown> {
  switch (data.intent) {
    case "mark":
      return markAttendance(user, sessionId, data);
    case "details":
      return saveAttendanceDetails(user, sessionId, data);
    case "markAllPresent":
      return markEveryoneUnmarked(user, sessionId, "present");
    case "markRestAbsent":
      return markEveryoneUnmarked(user, sessionId, "absent");
    case "walkIn":
      return addWalkIn(user, sessionId, { userId: data.userId });
    case "walkInNew": {
      const { formToken, ...fields } = data;
      const claim = formToken ? { token: formToken, form: "walk-in", fields: { sessionId, ...fields } } : undefined;
      return addWalkIn(user, sessionId, { name: data.name, email: data.email, differentPerson: data.differentPerson }, new Date(), claim);
    }
    case "held":
      return markSessionHeld(user, sessionId);
    case "cancel":
      return cancelFromRoster(user, sessionId, { reason: data.reason, baseUrl: appUrl() });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const formData = await request.formData();
  const form = await parseForm(request, rosterActionSchema, formData);
  if (!form.ok) return formFailure(form);
  let namesakes: NamesakeError | null = null;
  const result = await attempt(form.values, () =>
    run(user, sessionId, form.data).catch((error) => {
      if (!(error instanceof NamesakeError)) throw error;
      namesakes = error;
    }),
  );
  if (!result.ok) return result.response;
  if (namesakes) {
    // The same name as an existing participant: suggest them beside the name field instead of adding a duplicate.
    const { message, namesakes: people } = namesakes as NamesakeError;
    return json({ ok: false as const, errors: { name: [message] }, values: form.values, formError: "", namesakes: people }, { status: 400 });
  }
  // With JavaScript (a fetcher) answer with data; a plain form post comes back to the roster.
  if (formData.get("via") === "fetcher") return { ok: true as const, intent: form.data.intent };
  const anchor = "userId" in form.data ? `#row-${form.data.userId}` : "";
  // The same form sent twice (a double tap without JavaScript): nothing more was added; say so.
  const outcome = result.value as { repeated?: true; emailUnconfirmed?: true } | undefined;
  const again = outcome?.repeated ? "&again=1" : "";
  // A walk-in's typed address nobody has confirmed: the notice says nothing is emailed there yet.
  const unconfirmed = outcome?.emailUnconfirmed ? "&unconfirmed=1" : "";
  return redirect(`/sessions/${sessionId}/roster?saved=${form.data.intent}${again}${unconfirmed}${anchor}`);
}

export default function Roster() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const s = d.session;
  const revalidator = useRevalidator();
  const hydrated = useHydrated();
  const queue = useMarkQueue(s.id, { onDrained: () => revalidator.revalidate(), rowsVersion: d.rows });
  const { t } = useTexts();
  // Unmarked people enrolled after this session: "Mark the rest absent" leaves them out, and says so.
  const joinedLater = d.rows.filter((r) => r.joinedLater && r.status === null).length;
  return (
    <>
      <AttendanceStyles />
      <h1>{t("attendance.roster.title", { group: s.groupName })}</h1>
      <p>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={d.viewerZone} /> · {s.location}
        {s.status !== "scheduled" ? <span className={`status status-${s.status}`}> {s.status === "held" ? t("attendance.sessionStatus.held") : t("attendance.sessionStatus.cancelled")}</span> : null}
      </p>
      {params.get("saved") ? (
        <Notice>
          {t(params.get("again") ? "attendance.roster.savedOnce" : "attendance.roster.saved")}
          {params.get("saved") === "markRestAbsent" && joinedLater > 0 ? ` ${t("attendance.bulk.leftOut", { count: joinedLater })}` : null}
          {params.get("saved") === "walkInNew" && params.get("unconfirmed") ? ` ${t("attendance.walkIns.emailUnconfirmed")}` : null}
        </Notice>
      ) : null}
      <ErrorSummary
        data={failed}
        labels={{
          userId: t("attendance.roster.field.userId"),
          name: t("attendance.roster.field.name"),
          email: t("attendance.roster.field.email"),
          reason: t("attendance.roster.field.reason"),
          status: t("attendance.roster.field.status"),
        }}
      />
      <RosterSummary summary={d.summary} />
      <p className="row no-print">
        <Link to={`/sessions/${s.id}/checkin`}>{t("attendance.roster.links.checkIn")}</Link>
        <Link to={`/sessions/${s.id}/sheet`}>{t("attendance.roster.links.sheet")}</Link>
        <Link to={`/sessions/${s.id}/paper`}>{t("attendance.roster.links.paper")}</Link>
        <Link to={`/groups/${s.groupId}/attendance`}>{t("attendance.roster.links.groupAttendance")}</Link>
        <Link to={`/sessions/${s.id}/notes`}>{t("attendance.roster.links.notes")}</Link>
        <a href={`/sessions/${s.id}/roster.csv`} download>
          {t("attendance.roster.links.csv")}
        </a>
      </p>
      {!d.canMark && s.status !== "cancelled" ? <p>{t("attendance.roster.markingOpens")}</p> : null}
      {d.correction && d.canMark ? <p className="muted">{t("attendance.roster.correction")}</p> : null}
      {d.canMark ? <BulkMarks unmarked={d.summary.unmarked} joinedLater={joinedLater} /> : null}
      {hydrated && d.canMark ? <MarkQueueNotice waiting={queue.waiting} offline={queue.offline} /> : null}
      <ul className="roster" aria-label={t("attendance.roster.participants")}>
        {d.rows.map((row) => (
          <RosterRow
            key={row.userId}
            row={row}
            history={d.history[row.userId] ?? []}
            zone={s.timezone}
            viewerZone={d.viewerZone}
            canMark={d.canMark}
            correction={d.correction}
            queued={queue.view[row.userId]}
            onMark={hydrated ? queue.mark : undefined}
          />
        ))}
      </ul>
      {d.rows.length === 0 ? <p>{t("attendance.roster.nobody")}</p> : null}
      {d.plan ? <SessionUnitPanel unit={d.plan.unit} sessionId={s.id} /> : null}
      {d.canMark && s.settings.allowWalkIns ? <WalkIns q={d.q} candidates={d.candidates} formToken={d.walkInToken} data={failed} namesakes={failed && "namesakes" in failed ? failed.namesakes : undefined} /> : null}
      <SessionAdmin status={s.status} canHold={d.canHold} cancelReason={s.cancelReason} data={failed} />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const { t, message } = useTexts();
  if (isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    return (
      <>
        <AttendanceStyles />
        <h1>{error.status === 404 ? t("common.error.notFoundTitle") : t("common.error.forbiddenTitle")}</h1>
        <p>{error.status === 404 ? message(notFoundMessage(error.data)) : typeof error.data === "string" && error.data ? message(error.data) : t("attendance.roster.notYours")}</p>
      </>
    );
  }
  return (
    <>
      <AttendanceStyles />
      <h1>{t("attendance.roster.failed.title")}</h1>
      <p>{t("attendance.roster.failed.text")}</p>
      <p>
        <a href={location.pathname}>{t("attendance.roster.failed.reload")}</a>
      </p>
    </>
  );
}
