import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { recordObservation } from "~/modules/competency/observations/mutations.server";
import { getObservationForm } from "~/modules/competency/observations/queries.server";
import { observationBaseSchema, parseRatings, RATING_SCALE } from "~/modules/competency/schema";
import { ErrorSummary, Notice, Select, TextArea } from "~/ui/form";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { pageTitle, useTexts } from "~/ui/i18n";
import { languageOf } from "~/i18n/locales";
import { attempt, flattenValues, formFailure, formToObject, forbidden, parseForm } from "~/web/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.observation.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const url = new URL(request.url);
  const form = await getObservationForm(user, url.searchParams.get("facilitatorId"), new Date());
  // Facilitators who supervise nobody have nothing to observe.
  if (form.facilitators.length === 0 && !canManage(user.role)) forbidden("Only supervisors and managers record observations.");
  const saved = url.searchParams.get("saved");
  return {
    ...form,
    sessions: form.sessions.map((s) => ({ id: s.id, label: `${s.groupName}, ${formatInZone(s.startsAt, user.timezone, dateStyleOf(user.locale))}` })),
    saved: saved === null ? null : Number(saved) || 0,
    manages: canManage(user.role),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const formData = await request.formData();
  const raw = formToObject(formData);
  const base = await parseForm(request, observationBaseSchema, formData);
  const context = await getObservationForm(user, typeof raw.facilitatorId === "string" ? raw.facilitatorId : null, new Date());
  if (context.facilitators.length === 0 && !canManage(user.role)) forbidden("Only supervisors and managers record observations.");
  const ratings = parseRatings(raw, context.items.map((i) => i.id));
  if (!base.ok || !ratings.ok) {
    return formFailure({ errors: { ...(base.ok ? {} : base.errors), ...(ratings.ok ? {} : ratings.errors) }, values: flattenValues(raw) });
  }
  const result = await attempt(base.values, () => recordObservation(user, { ...base.data, ratings: ratings.ratings }, new Date()));
  if (!result.ok) return result.response;
  return redirect(`/competency/observations/new?facilitatorId=${base.data.facilitatorId}&saved=${result.value.demonstrated}`);
}

export default function NewObservation() {
  const { facilitators, chosen, sessions, items, saved, manages } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const person = facilitators.find((f) => f.id === chosen);
  const { t, message, locale } = useTexts();
  return (
    <>
      <h1>{t("competency.observation.title")}</h1>
      {saved !== null && person ? (
        <Notice>
          {t("competency.observation.saved", { count: saved })}{" "}
          {manages ? <Link to={`/competency?person=${person.id}`}>{t("competency.observation.seeRecords", { name: person.name })}</Link> : null}
        </Notice>
      ) : null}
      <ErrorSummary
        data={data}
        labels={{ facilitatorId: t("competency.observation.facilitator"), sessionId: t("competency.observation.session"), ...Object.fromEntries(items.map((i) => [`rating-${i.id}`, i.name])) }}
      />
      <Form method="get" className="row">
        <Select
          name="facilitatorId"
          label={t("competency.observation.facilitatorLabel")}
          defaultValue={chosen ?? ""}
          options={[{ value: "", label: t("competency.observation.choose") }, ...facilitators.map((f) => ({ value: f.id, label: f.name }))]}
        />
        <div className="field">
          <button type="submit" className="secondary">{t("competency.observation.showSessions")}</button>
        </div>
      </Form>
      {chosen && person ? (
        sessions.length === 0 ? (
          <p>{t("competency.observation.noSessions", { name: person.name })}</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="facilitatorId" value={chosen} />
            <Select
              name="sessionId"
              label={t("competency.observation.sessionLabel")}
              data={data}
              options={[{ value: "", label: t("competency.observation.choose") }, ...sessions.map((s) => ({ value: s.id, label: s.label }))]}
            />
            <p className="muted">{t("competency.observation.scaleNote")}</p>
            {items.map((item) => {
              const error = data?.errors?.[`rating-${item.id}`]?.[0];
              const chosenRating = data?.values?.[`rating-${item.id}`] ?? "";
              return (
                <fieldset key={item.id} id={`rating-${item.id}`} aria-describedby={error ? `rating-${item.id}-error` : `rating-${item.id}-hint`}>
                  <legend>
                    {item.name} <span className="muted">({item.standard})</span>
                  </legend>
                  <p className="hint muted" id={`rating-${item.id}-hint`}>{item.description}</p>
                  {error ? <p className="error" id={`rating-${item.id}-error`}>{message(error)}</p> : null}
                  <div>
                    {RATING_SCALE.map((r) => (
                      <label key={r.value} style={{ display: "block", margin: ".25rem 0" }}>
                        <input type="radio" name={`rating-${item.id}`} value={r.value} defaultChecked={chosenRating === String(r.value)} />{" "}
                        <strong>{t(`competency.observation.rating.r${r.value}.label`)}</strong>
                        <span className="muted"> — {t(`competency.observation.rating.r${r.value}.descriptor`)}</span>
                      </label>
                    ))}
                    <label style={{ display: "block", margin: ".25rem 0" }}>
                      <input type="radio" name={`rating-${item.id}`} value="" defaultChecked={chosenRating === ""} /> {t("competency.observation.notObserved")}
                    </label>
                  </div>
                  <TextArea name={`note-${item.id}`} label={t("competency.observation.notesOn", { name: languageOf(locale) === "en" ? item.name.toLowerCase() : item.name })} data={data} rows={2} />
                </fieldset>
              );
            })}
            <TextArea name="notes" label={t("competency.observation.overallNotes")} data={data} rows={3} />
            <button type="submit">{t("competency.observation.save")}</button>
          </Form>
        )
      ) : null}
    </>
  );
}
