import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { canEditDirectory } from "~/modules/referrals/policy";
import { listResources } from "~/modules/referrals/queries.server";
import { Notice } from "~/ui/form";
import { searchText } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.directory.list.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const q = searchText(request, "q");
  return { q, resources: await listResources(user, q), canEdit: canEditDirectory(user) };
}

export default function Directory() {
  const { q, resources, canEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  const imported = /^(\d+) added, (\d+) updated$/.exec(params.get("imported") ?? "");
  return (
    <>
      <h1>{t("voice.directory.list.title")}</h1>
      {imported ? (
        <Notice>{t("voice.directory.list.imported", { created: Number(imported[1]), updated: Number(imported[2]) })}</Notice>
      ) : params.get("imported") ? (
        <Notice>{t("voice.directory.list.importedText", { text: params.get("imported") })}</Notice>
      ) : null}
      <p className="muted">{t("voice.directory.list.intro")}</p>
      <Form method="get" role="search" className="row">
        <div className="field">
          <label htmlFor="q">{t("voice.directory.list.searchLabel")}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit">{t("voice.directory.list.search")}</button>
      </Form>
      {canEdit ? (
        <p className="row">
          <Link className="button secondary" to="/directory/new">
            {t("voice.directory.list.add")}
          </Link>
          <Link className="button secondary" to="/directory/import">
            {t("voice.directory.list.import")}
          </Link>
          <a className="button secondary" href="/directory/export.csv" download>
            {t("voice.directory.list.export")}
          </a>
        </p>
      ) : null}
      <h2>
        {t("voice.directory.list.count", { count: resources.length })}
        {q ? t("voice.directory.list.matching", { q }) : ""}
      </h2>
      {resources.length === 0 ? <p>{t("voice.directory.list.noMatch")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {resources.map((r) => (
          <li key={r.id} className="card">
            <h3>
              <Link to={`/directory/${r.id}`}>{r.name}</Link>
            </h3>
            <p>{r.services}</p>
            <p className="muted">
              {[r.location, r.phone, r.languages && t("voice.directory.list.languages", { languages: r.languages }), r.fees && t("voice.directory.list.fees", { fees: r.fees })].filter(Boolean).join(" · ")}
            </p>
            {r.needAreas.length ? <p className="muted">{t("voice.directory.list.helpsWith", { needs: r.needAreas.map((n) => (NEED_AREA_KEY[n] ? t(NEED_AREA_KEY[n]) : n)).join(", ") })}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
