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
import { useTexts, pageTitle } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.waitlist.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
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
      ? changeCapacity(user, groupId, input.capacity, { ...options, shownCapacity: input.shownCapacity })
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
  const { t } = useTexts();
  return (
    <>
      <h1>{t("manage.waitlist.title", { name: group.name })}</h1>
      {params.get("done") ? <Notice>{t("manage.waitlist.saved")}{promoted ? t("manage.waitlist.promoted", { count: promoted }) : ""}</Notice> : null}
      <ErrorSummary
        data={data}
        labels={{ seatReason: t("manage.waitlist.labels.seatReason"), enrolmentId: t("manage.waitlist.labels.enrolmentId"), reason: t("manage.waitlist.labels.reason") }}
      />
      <p>
        {t("manage.waitlist.counts", { enrolled: enrolled.length, offered: offered.length, waiting: waitlist.length, seats: group.capacity })}{" "}
        <Link to={`/groups/${group.id}`}>{t("manage.waitlist.groupPage")}</Link> · <Link to={`/groups/${group.id}/register`}>{t("manage.waitlist.register")}</Link>
      </p>
      <h2>{t("manage.waitlist.waitlist")}</h2>
      <p className="muted">
        {t("manage.waitlist.order")}
        {manage ? null : t("manage.waitlist.facilitatorNote")}
      </p>
      {waitlist.length === 0 ? <p>{t("manage.waitlist.nobody")}</p> : null}
      <ol>
        {waitlist.map((w) => (
          <li key={w.enrolmentId}>
            {manage ? <Link to={`/intake/${w.enrolmentId}`}>{w.name}</Link> : w.name} {w.urgent ? <strong className="error-text">{t("manage.waitlist.urgent")}</strong> : null} {t("manage.waitlist.since")}{" "}
            <When at={w.queuedAt} zone={viewerZone} />
            {manage ? <SeatOutOfTurn person={w} capacity={group.capacity} data={data} /> : null}
          </li>
        ))}
      </ol>
      {offered.length ? (
        <>
          <h2>{t("manage.waitlist.offers")}</h2>
          <ul>
            {offered.map((o) => (
              <li key={o.enrolmentId}>
                {o.name} {t("manage.waitlist.until")} {o.offerExpiresAt ? <When at={o.offerExpiresAt} zone={viewerZone} /> : t("manage.waitlist.noDeadline")}
                {o.lapsed ? t("manage.waitlist.lapsed") : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("manage.waitlist.enrolled")}</h2>
      <ul>
        {enrolled.map((e) => (
          <li key={e.enrolmentId}>
            {e.name}
            {manage ? (
              <details>
                <summary>
                  {t("manage.waitlist.remove")}<span className="visually-hidden"> {e.name}</span>
                </summary>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="enrolmentId" value={e.enrolmentId} />
                  <div className="field">
                    <label htmlFor={`reason-${e.enrolmentId}`}>{t("manage.waitlist.whyRemoved", { name: e.name })}</label>
                    <input id={`reason-${e.enrolmentId}`} name="reason" required />
                  </div>
                  <button type="submit" className="secondary">
                    {t("manage.waitlist.removeName", { name: e.name })}
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <>
          <h2>{t("manage.waitlist.seats")}</h2>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="capacity" />
            <input type="hidden" name="shownCapacity" value={group.capacity} />
            <Field name="capacity" label={t("manage.waitlist.seatsLabel")} type="number" inputMode="numeric" min={1} max={500} defaultValue={group.capacity} data={data} hint={t("manage.waitlist.seatsHint")} />
            <button type="submit">{t("manage.waitlist.saveSeats")}</button>
          </Form>
          <h2>{t("manage.waitlist.whenFree")}</h2>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="settings" />
            <Select
              name="mode"
              label={t("manage.waitlist.fill")}
              defaultValue={settings.mode}
              data={data}
              options={[
                { value: "automatic", label: t("manage.waitlist.automatic") },
                { value: "offer", label: t("manage.waitlist.byOffer") },
              ]}
            />
            <Field name="offerHours" label={t("manage.waitlist.offerHours")} type="number" inputMode="numeric" min={1} max={336} defaultValue={settings.offerHours} data={data} />
            <div className="field">
              <label>
                <input type="checkbox" name="shareNamesWithGroup" value="yes" defaultChecked={settings.shareNamesWithGroup} /> {t("manage.waitlist.shareNames")}
              </label>
            </div>
            <button type="submit">{t("manage.waitlist.save")}</button>
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
  const { t } = useTexts();
  const hint = t("manage.waitlist.seatHint", { capacity, next: capacity + 1 });
  return (
    <details open={failed || undefined}>
      <summary>
        {t("manage.waitlist.seatOutOfTurn")}<span className="visually-hidden"> {person.name}</span>
      </summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="seat" />
        <input type="hidden" name="enrolmentId" value={person.enrolmentId} />
        <FieldShell name={name} label={t("manage.waitlist.whySeat", { name: person.name })} hint={hint} error={error}>
          <input
            id={name}
            name="seatReason"
            defaultValue={failed ? data?.values?.seatReason : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(name, hint, error)}
          />
        </FieldShell>
        <button type="submit" className="secondary">
          {t("manage.waitlist.seatNow", { name: person.name })}
        </button>
      </Form>
    </details>
  );
}
