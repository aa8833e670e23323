import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { addException, confirmRound, removeException, saveWeeklyAvailability } from "~/modules/availability/mutations.server";
import { getMyAvailability, roundInvitationFor } from "~/modules/availability/queries.server";
import { describeException, MAX_WINDOWS, parseExceptionForm, parseWeeklyForm } from "~/modules/availability/schema";
import { describeWindows } from "~/modules/availability/windows";
import { requireUser } from "~/modules/auth/session.server";
import { AvailabilityEditor } from "~/ui/availability-grid";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import styles from "~/ui/scheduling-ui.css";
import { formToObject, notFound, parseId } from "~/web/http.server";
import { dateStyleOf, formatCivilDate } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "My availability · Group Sessions" }];
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
  return { ...mine, finishedRound, zone: user.timezone, role: user.role, summary: describeWindows(mine.windows, dateStyleOf(user.locale)), exceptionLabels: mine.exceptions.map((e) => describeException(e.startLocal, e.endLocal, dateStyleOf(user.locale))) };
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

const labels = { awayFrom: "First day away", awayUntil: "Last day away", note: "Note" };
const rowLabels = Object.fromEntries(
  Array.from({ length: MAX_WINDOWS }, (_, i) => [[`day-${i}`, `Day`], [`from-${i}`, `From`], [`to-${i}`, `To`]]).flat(),
);

export default function Availability() {
  const data = useLoaderData<typeof loader>();
  const style = useDateStyle();
  const longDate = (date: string) => formatCivilDate(date, style);
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const weekly = result?.form === "weekly" ? result : undefined;
  const away = result?.form === "exception" ? result : undefined;
  const zoneChanged = data.windowsZone && data.windowsZone !== data.zone;
  return (
    <>
      <h1>My availability</h1>
      {params.get("saved") ? <Notice>Your weekly times are saved.</Notice> : null}
      {params.get("confirmed") ? <Notice>Thank you: your availability is confirmed.</Notice> : null}
      {params.get("away") ? <Notice>Your time away is saved.</Notice> : null}
      {params.get("removed") ? <Notice>That time away is removed.</Notice> : null}
      {data.finishedRound ? (
        <Notice>
          {data.finishedRound.groupName} is no longer asking when people can meet
          {data.finishedRound.status === "published" ? ": its times are set, and your sessions are on your home page" : ": that planning round was closed"}. Your
          weekly times below still help plan future groups.
        </Notice>
      ) : null}
      {data.rounds.length ? (
        <section aria-labelledby="asked">
          <h2 id="asked">Groups asking when you can meet</h2>
          <ul>
            {data.rounds.map((r) => (
              <li key={r.id} className="card">
                <strong>{r.groupName}</strong>: weekly sessions from {longDate(r.startDate)} to {longDate(r.endDate)}.{" "}
                {r.respondedAt ? <span className="badge badge-ok">Answered</span> : <span className="badge badge-warn">Not answered yet</span>}
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="roundId" value={r.id} />
                  <button type="submit">Confirm my availability<span className="visually-hidden"> for {r.groupName}</span></button>
                  <Link to={`/rounds/${r.id}`}>How many are free when<span className="visually-hidden"> for {r.groupName}</span></Link>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="current">
        <h2 id="current">When you are usually free</h2>
        {data.summary.length ? (
          <ul>
            {data.summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : (
          <p>You have not entered any times yet.</p>
        )}
        <p className="muted">
          Times in {zoneChanged ? `${data.windowsZone!.replace(/_/g, " ")}, the zone you entered them in` : `your zone, ${data.zone.replace(/_/g, " ")}`}.
          {zoneChanged ? " Save again to keep them in your current zone." : ""} Change your zone on your <Link to="/profile">profile</Link>.
        </p>
      </section>
      <section aria-labelledby="edit">
        <h2 id="edit">Change your weekly times</h2>
        <ErrorSummary data={weekly} labels={rowLabels} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="weekly" />
          <AvailabilityEditor windows={data.windows} data={weekly} zone={data.zone} />
          <button type="submit">Save my weekly times</button>
        </Form>
      </section>
      <section aria-labelledby="away">
        <h2 id="away">Dates you are away</h2>
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
                    Remove<span className="visually-hidden"> {data.exceptionLabels[i]}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>No dates away.</p>
        )}
        <ErrorSummary data={away} labels={labels} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="exception" />
          <Field name="awayFrom" label="First day away" type="date" data={away} />
          <Field name="awayUntil" label="Last day away" type="date" hint="Leave empty for a single day." data={away} />
          <Field name="note" label="Note (optional)" data={away} />
          <button type="submit">Add time away</button>
        </Form>
      </section>
    </>
  );
}
