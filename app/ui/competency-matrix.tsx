import { Form, Link } from "@remix-run/react";
import { CompetencyBadge, scrollRegion, type CompetencyCellState } from "./competency-status";
import { When } from "./time";

type MatrixItem = { id: string; code: string; name: string; standard: string; kind: string };
type MatrixCell = { itemId: string; recordId: string | null; required: boolean; state: CompetencyCellState; label: string; matches: boolean };
type MatrixRow = { person: { id: string; name: string; role: string }; groupKinds: string[]; cells: MatrixCell[] };

/** People × items. Each cell: a badge (colour, symbol and words) linking to the record, or a button to open one. */
export function CompetencyMatrixTable({ items, rows }: { items: MatrixItem[]; rows: MatrixRow[] }) {
  if (rows.length === 0) return <p>Nobody matches these filters.</p>;
  return (
    <div style={scrollRegion} role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table>
        <caption id="matrix-caption" className="visually-hidden">
          Competency records: one row per facilitator, one column per framework item
        </caption>
        <thead>
          <tr>
            <th scope="col">Facilitator</th>
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
                  {row.person.role}
                </span>
              </th>
              {row.cells.map((cell) => {
                const item = items.find((i) => i.id === cell.itemId)!;
                return (
                  <td key={cell.itemId} style={cell.matches ? undefined : { opacity: 0.75 }}>
                    {cell.recordId ? (
                      <Link to={`/competency/records/${cell.recordId}`} aria-label={`${row.person.name}, ${item.name}: ${cell.label}`}>
                        <CompetencyBadge state={cell.state} label={cell.label} />
                      </Link>
                    ) : (
                      <>
                        <CompetencyBadge state={cell.state} label={cell.label} />
                        <Form method="post" action="/competency?index" style={{ marginTop: ".25rem" }}>
                          <input type="hidden" name="userId" value={row.person.id} />
                          <input type="hidden" name="itemId" value={cell.itemId} />
                          <button type="submit" className="secondary" style={{ minHeight: "32px", padding: ".15rem .5rem", fontSize: ".8rem" }}>
                            Start record<span className="visually-hidden">: {row.person.name}, {item.name}</span>
                          </button>
                        </Form>
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

function describeDetails(rule: string, details: unknown): string {
  if (!Array.isArray(details)) return "";
  if (rule === "caseload") {
    return details
      .map((d: { limit?: string; max?: number; wouldHave?: number }) => `${d.wouldHave} ${d.limit} (limit ${d.max})`)
      .join("; ");
  }
  return details.map((d: { name?: string; problem?: string }) => `${d.name}: ${String(d.problem ?? "").replace(/_/g, " ")}`).join("; ");
}

/** Assignments made past the gate with a manager's reason (also in the evidence report). */
export function OverrideList({ overrides, zone }: { overrides: OverrideRow[]; zone: string }) {
  if (overrides.length === 0) return <p>No overrides yet.</p>;
  return (
    <ul>
      {overrides.map((o) => (
        <li key={o.id}>
          <When at={o.createdAt} zone={zone} />: {o.approvedBy ?? "Someone"} assigned {o.facilitatorName} to{" "}
          {o.groupId ? <Link to={`/groups/${o.groupId}`}>{o.groupName}</Link> : `a ${o.groupKind.replace(/_/g, " ")}`} despite the{" "}
          {o.rule === "caseload" ? "caseload limit" : "competency gate"} ({describeDetails(o.rule, o.details)}). Reason: “{o.reason}”
        </li>
      ))}
    </ul>
  );
}
