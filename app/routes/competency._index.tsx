import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { openRecord } from "~/modules/competency/records/mutations.server";
import { getMatrix } from "~/modules/competency/matrix/queries.server";
import { listOpenFlags, listOverrides } from "~/modules/competency/assignment/queries.server";
import { ITEM_KINDS, MATRIX_PAGE_SIZE, MATRIX_STATUS_FILTERS, openRecordSchema, pageOf, readMatrixFilter } from "~/modules/competency/schema";
import { CompetencyMatrixTable, OverrideList } from "~/ui/competency-matrix";
import { CompetencyLegend } from "~/ui/competency-status";
import { ErrorSummary, Select } from "~/ui/form";
import { CivilDate, SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ITEM_KIND_KEY } from "~/ui/competency-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.matrix.pageTitle") }];

const STATUS_FILTER_LABELS: Record<(typeof MATRIX_STATUS_FILTERS)[number], string> = {
  all: "competency.matrix.filter.all",
  attention: "competency.matrix.filter.attention",
  missing: "competency.matrix.filter.missing",
  in_progress: "competency.matrix.filter.inProgress",
  demonstrated: "competency.matrix.filter.demonstrated",
  verified: "competency.matrix.filter.verified",
  expiring: "competency.matrix.filter.expiring",
  expired: "competency.matrix.filter.expired",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const url = new URL(request.url);
  const filter = readMatrixFilter(url);
  const now = new Date();
  const [matrix, flags, overrides] = await Promise.all([getMatrix(user, filter, now), listOpenFlags(user, now), listOverrides(user, 20)]);
  // MATRIX_PAGE_SIZE people a page (the filters first); the CSV has every page.
  const { rows, ...page } = pageOf(matrix.rows, filter.page, MATRIX_PAGE_SIZE);
  // What the table shows: not the people's addresses nor the records' dates and verifiers (the CSV's).
  const shown = rows.map(({ person, cells }) => ({
    person: { id: person.id, name: person.name, role: person.role },
    cells: cells.map(({ itemId, recordId, state, label, matches }) => ({ itemId, recordId, state, label, matches })),
  }));
  const search = (pageNumber: number | null) => {
    if (pageNumber === null) return null;
    const params = new URLSearchParams(url.search);
    if (pageNumber > 1) params.set("page", String(pageNumber));
    else params.delete("page");
    return `?${params}`;
  };
  const filters = new URLSearchParams(url.search);
  filters.delete("page");
  return {
    filter,
    matrix: { ...matrix, rows: shown },
    page: { ...page, previous: search(page.previous), next: search(page.next) },
    flags,
    overrides,
    viewerZone: user.timezone,
    query: filters.size ? `?${filters}` : "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, openRecordSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => openRecord(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/competency/records/${result.value.id}`);
}

export default function CompetencyMatrix() {
  const { filter, matrix, page, flags, overrides, viewerZone, query } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("competency.matrix.title")}</h1>
      <p className="row">
        <Link to="/competency/observations/new">{t("competency.matrix.linkObservation")}</Link>
        <Link to="/competency/items">{t("competency.matrix.linkItems")}</Link>
        <Link to="/competency/settings">{t("competency.matrix.linkSettings")}</Link>
        <Link to="/competency/supervision">{t("competency.matrix.linkSupervision")}</Link>
        <a href={`/competency/matrix.csv${query}`} download>
          {t("competency.matrix.downloadCsv")}
        </a>
      </p>
      <ErrorSummary data={data} />
      <Form method="get" className="row" aria-label={t("competency.matrix.filterLabel")}>
        <Select name="kind" label={t("competency.matrix.kindLabel")} defaultValue={filter.kind} options={[{ value: "", label: t("competency.matrix.allKinds") }, ...ITEM_KINDS.map((k) => ({ value: k, label: t(ITEM_KIND_KEY[k]) }))]} />
        <Select name="status" label={t("competency.matrix.statusLabel")} defaultValue={filter.status} options={MATRIX_STATUS_FILTERS.map((s) => ({ value: s, label: t(STATUS_FILTER_LABELS[s]) }))} />
        <Select name="person" label={t("competency.matrix.personLabel")} defaultValue={filter.person} options={[{ value: "", label: t("competency.matrix.everyone") }, ...matrix.people.map((p) => ({ value: p.id, label: p.name }))]} />
        <div className="field">
          <button type="submit">{t("competency.matrix.apply")}</button>
        </div>
      </Form>
      <p className="muted">{t("competency.matrix.zoneNote", { zone: matrix.zone.replace(/_/g, " "), today: matrix.today })}</p>
      <CompetencyMatrixTable items={matrix.items} rows={matrix.rows} />
      {page.count > 1 ? (
        <nav aria-label={t("competency.matrix.pages")} className="row">
          <p>{t("competency.matrix.showing", { first: page.first, last: page.last, total: page.total })}</p>
          {page.previous ? <Link to={page.previous}>{t("competency.matrix.previousPage")}</Link> : null}
          {page.next ? <Link to={page.next}>{t("competency.matrix.nextPage")}</Link> : null}
        </nav>
      ) : null}
      <h2>{t("competency.matrix.key")}</h2>
      <CompetencyLegend />
      <section aria-labelledby="flags">
        <h2 id="flags">{t("competency.matrix.flagsTitle")}</h2>
        {flags.length === 0 ? <p>{t("competency.matrix.noFlags")}</p> : null}
        <ul>
          {flags.map((f) => (
            <li key={f.id}>
              <Link to={`/groups/${f.groupId}`}>{f.groupName}</Link>, <SessionTime start={f.startsAt} end={f.endsAt} zone={viewerZone} />
              {t("competency.matrix.flagBefore", { name: f.facilitatorName })}
              <Link to={`/competency/records/${f.recordId}`}>{f.itemName}</Link>
              {t("competency.matrix.flagExpired")}
              <CivilDate date={f.expiredOn} />.
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="overrides">
        <h2 id="overrides">{t("competency.matrix.overridesTitle")}</h2>
        <OverrideList overrides={overrides} zone={viewerZone} />
      </section>
    </>
  );
}
