import { Form, Link } from "@remix-run/react";
import { CompetencyBadge, scrollRegion, type CompetencyCellState } from "./competency-status";
import { When } from "./time";
import { useTexts } from "./i18n";

const ROLE_LABEL: Record<string, string> = {
  participant: "competency.roles.participant",
  facilitator: "competency.roles.facilitator",
  manager: "competency.roles.manager",
  admin: "competency.roles.admin",
};
/** "a class": an override for a group not yet created names its kind. */
const A_KIND: Record<string, string> = {
  class: "competency.matrix.override.kind.class",
  workshop: "competency.matrix.override.kind.workshop",
  peer_recovery_group: "competency.matrix.override.kind.peerRecoveryGroup",
  drop_in: "competency.matrix.override.kind.dropIn",
};
const PROBLEM_LABEL: Record<string, string> = {
  missing: "competency.matrix.problem.missing",
  expired: "competency.matrix.problem.expired",
  not_verified: "competency.matrix.problem.notVerified",
};

type MatrixItem = { id: string; code: string; name: string; standard: string; kind: string };
type MatrixCell = { itemId: string; recordId: string | null; state: CompetencyCellState; label: string; matches: boolean };
type MatrixRow = { person: { id: string; name: string; role: string }; cells: MatrixCell[] };

/** People × items. Each cell: a badge (colour, symbol and words) linking to the record, or a button to open one. */
export function CompetencyMatrixTable({ items, rows }: { items: MatrixItem[]; rows: MatrixRow[] }) {
  const { t, message } = useTexts();
  if (rows.length === 0) return <p>{t("competency.matrix.nobody")}</p>;
  return (
    // One form for every "Start record" button: each names its cell (openRecordSchema's `cell`).
    <Form method="post" action="/competency?index">
      <div style={scrollRegion} role="region" aria-labelledby="matrix-caption" tabIndex={0}>
        <table>
          <caption id="matrix-caption" className="visually-hidden">
            {t("competency.matrix.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("competency.matrix.facilitator")}</th>
              {items.map((item) => (
                <th scope="col" key={item.id}>
                  <span style={{ display: "block", minWidth: "8rem" }}>{item.name}</span>
                  <span className="muted" style={{ fontWeight: 400, fontSize: ".8rem" }}>
                    {item.standard || item.code}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.person.id}>
                <th scope="row">
                  {row.person.name}
                  <br />
                  <span className="muted" style={{ fontWeight: 400, fontSize: ".8rem" }}>
                    {ROLE_LABEL[row.person.role] ? t(ROLE_LABEL[row.person.role]) : row.person.role}
                  </span>
                </th>
                {row.cells.map((cell) => {
                  const item = items.find((i) => i.id === cell.itemId)!;
                  return (
                    <td key={cell.itemId} style={cell.matches ? undefined : { opacity: 0.75 }}>
                      {cell.recordId ? (
                        <Link to={`/competency/records/${cell.recordId}`} aria-label={`${row.person.name}, ${item.name}: ${message(cell.label)}`}>
                          <CompetencyBadge state={cell.state} label={cell.label} />
                        </Link>
                      ) : (
                        <>
                          <CompetencyBadge state={cell.state} label={cell.label} />
                          <button type="submit" name="cell" value={`${row.person.id} ${cell.itemId}`} className="secondary matrix-start">
                            {t("competency.matrix.startRecord")}
                            <span className="visually-hidden">: {row.person.name}, {item.name}</span>
                          </button>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Form>
  );
}

type OverrideRow = {
  id: string;
  facilitatorName: string;
  groupId: string | null;
  groupName: string | null;
  groupKind: string;
  rule: string;
  details?: unknown;
  reason: string;
  approvedBy: string | null;
  createdAt: string | Date;
};

type Translate = ReturnType<typeof useTexts>["t"];

function describeDetails(rule: string, details: unknown, t: Translate): string {
  if (!Array.isArray(details)) return "";
  if (rule === "caseload") {
    return details
      .map((d: { limit?: string; max?: number; wouldHave?: number }) =>
        d.limit === "groups" || d.limit === "participants"
          ? t(`competency.matrix.caseloadDetail.${d.limit}`, { wouldHave: String(d.wouldHave), max: String(d.max) })
          : `${d.wouldHave} ${d.limit} (limit ${d.max})`,
      )
      .join("; ");
  }
  return details
    .map((d: { name?: string; problem?: string }) => `${d.name}: ${PROBLEM_LABEL[String(d.problem)] ? t(PROBLEM_LABEL[String(d.problem)]) : String(d.problem ?? "").replace(/_/g, " ")}`)
    .join("; ");
}

/** Assignments made past the gate with a manager's reason (also in the evidence report). */
export function OverrideList({ overrides, zone }: { overrides: OverrideRow[]; zone: string }) {
  const { t } = useTexts();
  if (overrides.length === 0) return <p>{t("competency.matrix.noOverrides")}</p>;
  return (
    <ul>
      {overrides.map((o) => (
        <li key={o.id}>
          <When at={o.createdAt} zone={zone} />
          {t("competency.matrix.override.assigned", { approver: o.approvedBy ?? t("competency.matrix.override.someone"), facilitator: o.facilitatorName })}
          {o.groupId ? (
            <Link to={`/groups/${o.groupId}`}>{o.groupName}</Link>
          ) : (
            (A_KIND[o.groupKind] ? t(A_KIND[o.groupKind]) : `a ${o.groupKind.replace(/_/g, " ")}`)
          )}
          {t(o.rule === "caseload" ? "competency.matrix.override.despiteCaseload" : "competency.matrix.override.despiteGate", { details: describeDetails(o.rule, o.details, t) })}
          {t("competency.matrix.override.reason", { reason: o.reason })}
        </li>
      ))}
    </ul>
  );
}
