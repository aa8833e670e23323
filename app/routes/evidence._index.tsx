import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { STATUS_LABELS } from "~/modules/metrics/standards";
import { When } from "~/ui/time";
import { FigureCards } from "~/ui/figures";

export const meta: MetaFunction = () => [{ title: "Accreditation evidence · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const { people, ...evidence } = await loadEvidence(user, new Date());
  await auditMetricsRead(user, "evidence.viewed", "evidence", { today: evidence.today }, people);
  return { ...evidence, zone: user.timezone };
}

const STATUS_STYLE = { evidence: "status-held", gaps: "status-cancelled", "no-data": "muted" } as const;

export default function Evidence() {
  const { standards, today, zone } = useLoaderData<typeof loader>();
  // The cards count the very standards listed below, by the status each one shows.
  const withStatus = (status: keyof typeof STATUS_STYLE) => standards.filter((s) => s.status === status).length;
  const openGaps = standards.reduce((n, s) => n + s.gaps.reduce((m, g) => m + g.items.length, 0), 0);
  return (
    <>
      <h1>Accreditation evidence</h1>
      <p>
        The COA PA-CSE standards this app supports, with live evidence from what has been recorded (as of {today}). Gaps list what a reviewer would ask
        about. <a href="/evidence.csv" download>Download the evidence (CSV)</a>
      </p>
      <FigureCards
        label="Evidence at a glance"
        figures={[
          { key: "standards", label: "Standards", value: standards.length },
          { key: "evidence", label: STATUS_LABELS.evidence, value: withStatus("evidence"), tone: "ok" },
          { key: "gaps", label: STATUS_LABELS.gaps, value: withStatus("gaps"), tone: "danger" },
          { key: "no-data", label: STATUS_LABELS["no-data"], value: withStatus("no-data") },
          { key: "gap-items", label: "Gap items to follow up", value: openGaps, tone: openGaps ? "warning" : undefined },
        ]}
      />
      <nav aria-label="Standards">
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
              PA-CSE {s.code}: {s.title}
            </h2>
            <p>
              <span className={`status ${STATUS_STYLE[s.status]}`} data-status={s.status}>{STATUS_LABELS[s.status]}</span> <span className="muted">{s.area}</span>
            </p>
            {s.status === "no-data" ? <p>No data recorded yet for this standard.</p> : null}
            {s.facts.length ? (
              <dl>
                {s.facts.map((f) => (
                  <div key={f.label} className="row">
                    <dt>{f.label}:</dt>
                    <dd style={{ margin: 0, fontWeight: 600 }}>{f.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {s.lastActivity ? (
              <p>
                Last activity: {s.lastActivity.length === 10 ? s.lastActivity : <When at={s.lastActivity} zone={zone} />}
              </p>
            ) : null}
            {s.gaps.map((g) => (
              <div key={g.label}>
                <h3 data-gap-items={g.items.length}>
                  Gap: {g.label} ({g.items.length})
                </h3>
                <ul>
                  {g.items.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              </div>
            ))}
            {s.links.length ? (
              <p>
                {s.links.map((l, i) => (
                  <span key={l.href}>
                    {i ? " · " : ""}
                    <Link to={l.href}>{l.label}</Link>
                  </span>
                ))}
              </p>
            ) : null}
          </section>
        );
      })}
      <p>
        <Link to="/metrics">Back to metrics</Link>
      </p>
    </>
  );
}
