import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { When } from "~/ui/time";
import { FigureCards } from "~/ui/figures";
import { pageTitle } from "~/ui/i18n";
import { useMetricsTexts } from "~/ui/metrics-texts";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.evidence.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  confirmRecordedView(request, user);
  const { people, ...evidence } = await loadEvidence(user, new Date());
  await auditMetricsRead(user, "evidence.viewed", "evidence", { today: evidence.today }, people);
  return { ...evidence, zone: user.timezone };
}

const STATUS_STYLE = { evidence: "status-held", gaps: "status-cancelled", "no-data": "muted" } as const;
const STATUS_LABEL = { evidence: "metrics.evidence.status.evidence", gaps: "metrics.evidence.status.gaps", "no-data": "metrics.evidence.status.noData" } as const;

/** The standards' elements by number: what the app records for each, in the reader's language (catalog keys). */
const STANDARD_KEY = (code: string) => `metrics.evidence.standard.s${code.replace(".", "_")}`;
/** The area of the standards each element belongs to, by the element's number (1.xx planning … 7.xx participant voice). */
const AREA_KEY: Record<string, string> = {
  "1": "metrics.evidence.area.planning",
  "2": "metrics.evidence.area.personnel",
  "3": "metrics.evidence.area.access",
  "5": "metrics.evidence.area.groups",
  "6": "metrics.evidence.area.referral",
  "7": "metrics.evidence.area.voice",
};

export default function Evidence() {
  const { standards, today, zone } = useLoaderData<typeof loader>();
  const { t, message, english } = useMetricsTexts();
  // Facts, gaps and links are the stored evidence's English sentences, written in the reader's language at display.
  const value = (f: { value: string | number; of?: { part: number; total: number } }) =>
    english || typeof f.value === "number" ? f.value : f.of ? t("metrics.details.ofTotal", { part: String(f.of.part), total: String(f.of.total) }) : message(f.value);
  // The cards count the very standards listed below, by the status each one shows.
  const withStatus = (status: keyof typeof STATUS_STYLE) => standards.filter((s) => s.status === status).length;
  const openGaps = standards.reduce((n, s) => n + s.gaps.reduce((m, g) => m + g.items.length, 0), 0);
  return (
    <>
      <h1>{t("metrics.evidence.title")}</h1>
      <p>
        {t("metrics.evidence.intro", { today })} <a href="/evidence.csv" download>{t("metrics.evidence.download")}</a>
      </p>
      <FigureCards
        label={t("metrics.evidence.glance")}
        figures={[
          { key: "standards", label: t("metrics.evidence.standards"), value: standards.length },
          { key: "evidence", label: t(STATUS_LABEL.evidence), value: withStatus("evidence"), tone: "ok" },
          { key: "gaps", label: t(STATUS_LABEL.gaps), value: withStatus("gaps"), tone: "danger" },
          { key: "no-data", label: t(STATUS_LABEL["no-data"]), value: withStatus("no-data") },
          { key: "gap-items", label: t("metrics.evidence.gapItems"), value: openGaps, tone: openGaps ? "warning" : undefined },
        ]}
      />
      <nav aria-label={t("metrics.evidence.standards")}>
        <ul className="checks">
          {standards.map((s) => (
            <li key={s.code}>
              <a href={`#std-${s.code.replace(".", "-")}`}>{s.code}</a>
            </li>
          ))}
        </ul>
      </nav>
      {standards.map((s) => {
        const id = `std-${s.code.replace(".", "-")}`;
        return (
          <section key={s.code} className="card" aria-labelledby={id}>
            <h2 id={id}>
              {t("metrics.evidence.heading", { code: s.code, title: english ? s.title : t(STANDARD_KEY(s.code)) })}
            </h2>
            <p>
              <span className={`status ${STATUS_STYLE[s.status]}`} data-status={s.status}>{t(STATUS_LABEL[s.status])}</span>{" "}
              <span className="muted">{!english && AREA_KEY[s.code.split(".")[0]] ? t(AREA_KEY[s.code.split(".")[0]]) : s.area}</span>
            </p>
            {s.status === "no-data" ? <p>{t("metrics.evidence.noData")}</p> : null}
            {s.facts.length ? (
              <dl>
                {s.facts.map((f) => (
                  <div key={f.label} className="row">
                    <dt>{t("metrics.evidence.factLabel", { label: message(f.label) })}</dt>
                    <dd style={{ margin: 0, fontWeight: 600 }}>{value(f)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {s.lastActivity ? (
              <p>
                {t("metrics.evidence.lastActivity")}
                {s.lastActivity.length === 10 ? s.lastActivity : <When at={s.lastActivity} zone={zone} />}
              </p>
            ) : null}
            {s.gaps.map((g) => (
              <div key={g.label}>
                <h3 data-gap-items={g.items.length}>
                  {t("metrics.evidence.gap", { label: message(g.label), count: String(g.items.length) })}
                </h3>
                <ul>
                  {g.entries?.map((e, i) => (
                    <li key={`entry-${i}`}>{t("metrics.evidence.directoryFields.entry", { name: e.name, fields: e.missingFields.map((f) => t(`metrics.evidence.directoryFields.${f}`)).join(", ") })}</li>
                  ))}
                  {g.items.slice(g.entries?.length ?? 0).map((item) => (
                    <li key={item}>{message(item)}</li>
                  ))}
                </ul>
              </div>
            ))}
            {s.links.length ? (
              <p>
                {s.links.map((l, i) => (
                  <span key={l.href}>
                    {i ? " · " : ""}
                    <Link to={l.href}>{message(l.label)}</Link>
                  </span>
                ))}
              </p>
            ) : null}
          </section>
        );
      })}
      <p>
        <Link to="/metrics">{t("metrics.evidence.back")}</Link>
      </p>
    </>
  );
}
