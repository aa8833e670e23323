import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { canManage, MANAGING_ROLES, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { changeCapacity, removeFromGroup, seatOutOfTurn, updateWaitlistSettings } from "~/modules/registration/mutations.server";
import { getGroupWaitlist } from "~/modules/registration/queries.server";
import { waitlistActionSchema } from "~/modules/registration/schema";
import { describedBy, ErrorSummary, Field, FieldShell, Notice, Select, type ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Seats and waitlist · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const data = await getGroupWaitlist(user, parseId(params.groupId), new Date());
  await recordRosterViewed(user, data.group.id, [...data.enrolled, ...data.offered, ...data.waitlist].map((p) => p.userId), "waitlist");
  const manage = canManage(user.role);
  // "Urgent" comes from the intake: a facilitator sees intake answers only for people enrolled in
  // their group (the relationship rule), so the waiting list shows them names and order only.
  const waitlist = manage ? data.waitlist : data.waitlist.map((w) => ({ ...w, urgent: false }));
  return { ...data, waitlist, viewerZone: user.timezone, manage };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, waitlistActionSchema);
  if (!form.ok) return formFailure(form);
  const options = { baseUrl: appUrl() };
  const input = form.data;
  const result = await attempt(form.values, () =>
    input.intent === "capacity"
      ? changeCapacity(user, groupId, input.capacity, options)
      : input.intent === "remove"
        ? removeFromGroup(user, groupId, input, options)
        : input.intent === "seat"
          ? seatOutOfTurn(user, groupId, input, options)
          : updateWaitlistSettings(user, groupId, input, options),
  );
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}/waitlist?done=${input.intent}&promoted=${result.value.length}`);
}

export default function Waitlist() {
  const { group, settings, enrolled, offered, waitlist, viewerZone, manage } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const promoted = Number(params.get("promoted") ?? 0);
  return (
    <>
      <h1>Seats and waitlist: {group.name}</h1>
      {params.get("done") ? <Notice>Saved.{promoted ? ` ${promoted} ${promoted === 1 ? "person was" : "people were"} given a seat from the waitlist.` : ""}</Notice> : null}
      <ErrorSummary data={data} labels={{ seatReason: "Reason to seat out of turn", enrolmentId: "Participant", reason: "Reason for removal" }} />
      <p>
        {enrolled.length} enrolled, {offered.length} offered, {waitlist.length} waiting — {plural(group.capacity, "seat")}.{" "}
        <Link to={`/groups/${group.id}`}>Group page</Link> · <Link to={`/groups/${group.id}/register`}>Register someone</Link>
      </p>
      <h2>Waitlist</h2>
      <p className="muted">
        Urgent needs first, then by the time people registered. Freed seats go to the top of this list.
        {manage ? null : " Intake answers (including urgency) are shown to managers until a person is enrolled in your group."}
      </p>
      {waitlist.length === 0 ? <p>Nobody is waiting.</p> : null}
      <ol>
        {waitlist.map((w) => (
          <li key={w.enrolmentId}>
            {manage ? <Link to={`/intake/${w.enrolmentId}`}>{w.name}</Link> : w.name} {w.urgent ? <strong className="error-text">urgent</strong> : null} — since{" "}
            <When at={w.queuedAt} zone={viewerZone} />
            {manage ? <SeatOutOfTurn person={w} capacity={group.capacity} data={data} /> : null}
          </li>
        ))}
      </ol>
      {offered.length ? (
        <>
          <h2>Open offers</h2>
          <ul>
            {offered.map((o) => (
              <li key={o.enrolmentId}>
                {o.name} — until {o.offerExpiresAt ? <When at={o.offerExpiresAt} zone={viewerZone} /> : "no deadline"}
                {o.lapsed ? " (lapsed, passing on)" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Enrolled</h2>
      <ul>
        {enrolled.map((e) => (
          <li key={e.enrolmentId}>
            {e.name}
            {manage ? (
              <details>
                <summary>
                  Remove<span className="visually-hidden"> {e.name}</span>
                </summary>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="enrolmentId" value={e.enrolmentId} />
                  <div className="field">
                    <label htmlFor={`reason-${e.enrolmentId}`}>Why is {e.name} removed?</label>
                    <input id={`reason-${e.enrolmentId}`} name="reason" required />
                  </div>
                  <button type="submit" className="secondary">
                    Remove {e.name}
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <>
          <h2>Seats</h2>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="capacity" />
            <Field name="capacity" label="Number of seats" type="number" inputMode="numeric" min={1} max={500} defaultValue={group.capacity} data={data} hint="Raising it gives the new seats to the waitlist at once." />
            <button type="submit">Save seats</button>
          </Form>
          <h2>When a seat frees</h2>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="settings" />
            <Select
              name="mode"
              label="Fill freed seats"
              defaultValue={settings.mode}
              data={data}
              options={[
                { value: "automatic", label: "Automatically: the next person is enrolled and emailed" },
                { value: "offer", label: "By offer: the next person must accept before a deadline" },
              ]}
            />
            <Field name="offerHours" label="Hours an offer stays open" type="number" inputMode="numeric" min={1} max={336} defaultValue={settings.offerHours} data={data} />
            <div className="field">
              <label>
                <input type="checkbox" name="shareNamesWithGroup" value="yes" defaultChecked={settings.shareNamesWithGroup} /> Participants of this group may see each
                other&apos;s first names
              </label>
            </div>
            <button type="submit">Save</button>
          </Form>
        </>
      ) : null}
    </>
  );
}

/** The manager's out-of-turn form for one waiting person; it opens itself when its submission failed. */
function SeatOutOfTurn({ person, capacity, data }: { person: { enrolmentId: string; name: string }; capacity: number; data: ActionErrors | undefined }) {
  const failed = data?.values?.intent === "seat" && data.values.enrolmentId === person.enrolmentId;
  const error = failed ? (data?.errors?.seatReason ?? data?.errors?.enrolmentId)?.[0] : undefined;
  // The failed form's field takes the id the error summary links to.
  const name = failed ? "seatReason" : `seat-reason-${person.enrolmentId}`;
  const hint = `Adds one seat (${capacity} → ${capacity + 1}) so nobody ahead loses their place. Kept in the audit log.`;
  return (
    <details open={failed || undefined}>
      <summary>
        Seat out of turn<span className="visually-hidden"> {person.name}</span>
      </summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="seat" />
        <input type="hidden" name="enrolmentId" value={person.enrolmentId} />
        <FieldShell name={name} label={`Why must ${person.name} be seated now?`} hint={hint} error={error}>
          <input
            id={name}
            name="seatReason"
            defaultValue={failed ? data?.values?.seatReason : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(name, hint, error)}
          />
        </FieldShell>
        <button type="submit" className="secondary">
          Seat {person.name} now
        </button>
      </Form>
    </details>
  );
}
