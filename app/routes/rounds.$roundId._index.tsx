import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { requireUser } from "~/modules/auth/session.server";
import { closeRound, publishRound, remindRound, saveRoundPlan } from "~/modules/scheduling/mutations.server";
import { getRoundForViewer, roundPageData } from "~/modules/scheduling/queries.server";
import { parsePlanForm } from "~/modules/scheduling/rounds-schema";
import { ErrorSummary, Notice, TextArea } from "~/ui/form";
import { Heatmap } from "~/ui/heatmap";
import { AdjustForm, PlanSummary, PublishButton, PublishedSummary } from "~/ui/scheduling-plan";
import styles from "~/ui/scheduling-ui.css";
import { CivilDate, When } from "~/ui/time";
import { attempt, flattenValues, formFailure, formToObject, forbidden, parseId, UserInputError } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { plural } from "~/ui/wording";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Scheduling ${data?.round.group.name ?? "round"} · Group Sessions` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
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
      slotKeys: new Set(page.staff.slotOptions.map((o) => o.value)),
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
      return redirect(`/rounds/${roundId}?published=${done.series.length}`);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // The competency gate names "facilitatorIds": show it beside the override reason.
      const field = error.field === "facilitatorIds" ? "overrideReason" : "_form";
      return formFailure({ errors: { [field]: [error.message] }, values });
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
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { round, staff } = data;
  const open = round.status === "open";
  const closeFailed = Boolean(result && !result.ok && "errors" in result && (result.errors as Record<string, unknown>).closeReason);
  // Any refused action (publish included) is summarised at the top of this long page, and focused.
  const problems = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result && !result.ok) problems.current?.querySelector<HTMLElement>(".error-summary")?.focus();
  }, [result]);
  return (
    <>
      <h1>When should {round.group.name} meet?</h1>
      <p>
        Weekly sessions of {round.durationMinutes} minutes between <CivilDate date={round.startDate} /> and <CivilDate date={round.endDate} />
        {round.skipDates.length ? ` (not on ${round.skipDates.join(", ")})` : ""}, starting between {round.dayStart} and {round.dayEnd}{" "}
        {round.group.timezone.replace(/_/g, " ")} time. {round.sections} cohort{round.sections === 1 ? "" : "s"} of {round.minParticipants}–{round.capacity}.
      </p>
      <p>
        {round.responded} of {plural(round.invited, "person", "people")} asked {round.responded === 1 ? "has" : "have"} answered.{" "}
        {round.publishedAt ? (
          <>
            Published <When at={round.publishedAt} zone={data.viewerZone} />.{" "}
          </>
        ) : null}
        <Link to={`/rounds/${round.id}/table`}>Table view</Link>
      </p>
      {params.get("invited") ? <Notice>Round created: {params.get("invited") === "1" ? "1 person was" : `${params.get("invited")} people were`} emailed a link to enter their availability.</Notice> : null}
      {params.get("published") ? <Notice>Published: {params.get("published")} weekly series created and invitations queued. What was created is listed under Cohorts.</Notice> : null}
      {params.get("adjusted") ? <Notice>Your changes are kept in this round. Their effect is shown below.</Notice> : null}
      {params.get("reset") ? <Notice>The plan is back to the suggestion.</Notice> : null}
      {params.get("reminded") ? (
        <Notice>
          Reminder emailed to {params.get("reminded")} {params.get("reminded") === "1" ? "person" : "people"} who had not answered.
        </Notice>
      ) : null}
      {params.get("closed") ? <Notice>The round is closed. Nothing was scheduled; the answers are kept.</Notice> : null}
      {staff ? (
        <div ref={problems}>
          <ErrorSummary
            data={result}
            labels={{
              overrideReason: "Publishing",
              closeReason: "Reason for closing",
              ...Object.fromEntries(staff.invitees.map((i) => [`cohort-${i.id}`, i.name])),
              ...Object.fromEntries(Array.from({ length: round.sections }, (_, k) => [[`slot-${k + 1}`, `Cohort ${k + 1} time`], [`facilitator-${k + 1}`, `Cohort ${k + 1} facilitator`]]).flat()),
            }}
          />
        </div>
      ) : null}
      <h2>Who is free when</h2>
      <p className="muted">
        Each cell: how many of the {round.invited} asked can come to every session at that start time; “+n” more can come to some.
        {staff ? " Open a cell to see names." : " Names are only shown to the group's staff."}
      </p>
      <Heatmap slots={data.slots} total={round.invited} timezone={round.group.timezone} planned={staff?.plan.map((c) => `${c.day}@${c.start}`)} />
      {staff ? (
        <>
          <h2 id="plan">Cohorts</h2>
          {staff.published ? (
            <PublishedSummary published={staff.published} unassigned={staff.unassigned} />
          ) : (
            <PlanSummary staff={staff} timezone={round.group.timezone} capacity={round.capacity} />
          )}
          {open ? (
            <>
              <h2>Adjust the plan</h2>
              <AdjustForm staff={staff} sections={round.sections} data={result} />
              {staff.adjusted ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reset" />
                  <button type="submit" className="secondary">Go back to the suggestion</button>
                </Form>
              ) : null}
              <h2>Publish</h2>
              <p>
                Creates one weekly series per cohort in {round.group.timezone.replace(/_/g, " ")} time, enrols the cohort&apos;s participants
                and emails everyone a calendar invitation. Move single sessions later from the group page.
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="publish" />
                <TextArea name="overrideReason" label="Reason to go ahead if a facilitator lacks a required qualification (optional)" rows={2} data={result} />
                <PublishButton />
              </Form>
              <details className="card" open={closeFailed || undefined}>
                <summary>Close this round without publishing</summary>
                <p>
                  Nothing is scheduled and nobody is emailed; the answers are kept, and the people asked are no longer asked for this
                  round. Start a new round to plan again.
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="close" />
                  <TextArea name="closeReason" label="Why is the round closed?" rows={2} data={result} />
                  <button type="submit" className="secondary">Close the round</button>
                </Form>
              </details>
            </>
          ) : round.status === "closed" ? (
            <p>
              This round was closed without publishing{round.closedAt ? <> on <When at={round.closedAt} zone={data.viewerZone} /></> : null}
              {staff.closeReason ? `: ${staff.closeReason}` : ""}. Start a new round from the{" "}
              <Link to={`/groups/${round.group.id}/rounds`}>group&apos;s scheduling rounds</Link>.
            </p>
          ) : (
            <p>
              This round is {round.status}. See the sessions on the <Link to={`/groups/${round.group.id}`}>group page</Link>.
            </p>
          )}
          <h2 id="answers">Answers ({round.responded} of {round.invited})</h2>
          {open && round.responded < round.invited ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <p className="muted">
                {staff.reminders.due.length
                  ? `${staff.reminders.due.length} ${staff.reminders.due.length === 1 ? "person has" : "people have"} not answered and can be reminded by email.`
                  : "Everyone who has not answered was reminded recently."}
                {staff.reminders.recentlyReminded.length && staff.reminders.due.length
                  ? ` ${staff.reminders.recentlyReminded.length} reminded in the last day will not be emailed again yet.`
                  : ""}
                {" "}Each person gets at most one reminder a day and three in all.
              </p>
              <button type="submit" className="secondary">
                Remind those who have not answered
              </button>
            </Form>
          ) : null}
          <details>
            <summary>Who has answered</summary>
            <ul>
              {staff.invitees.map((i) => (
                <li key={i.id}>
                  {i.name} ({i.timezone.replace(/_/g, " ")}): {i.respondedAt ? "answered" : "not answered"}, {i.windows} weekly time{i.windows === 1 ? "" : "s"}
                  {i.exceptions ? `, ${i.exceptions} away` : ""}
                  {!i.respondedAt && i.remindedAt ? (
                    <>
                      {" "}— reminded {i.reminders === 1 ? "once" : `${i.reminders} times`}, last <When at={i.remindedAt} zone={data.viewerZone} />
                    </>
                  ) : null}
                </li>
              ))}
              {staff.leaders.map((l) => (
                <li key={l.id}>
                  {l.name} (facilitator): {l.hasAvailability ? "availability entered" : "no availability entered — left out of the suggestion"}, {l.busySessions} session{l.busySessions === 1 ? "" : "s"} already led in this period
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : (
        <p>
          <Link to="/availability">Enter or confirm your availability</Link>
        </p>
      )}
    </>
  );
}
