import { Link } from "@remix-run/react";
import { formatBytes } from "~/modules/competency/files";
import { AUDIENCE_LABELS } from "~/modules/records/curriculum/schema";
import { Paragraphs } from "~/ui/records";

type Material = { id: string; kind: "link" | "file"; title: string; audience: "participants" | "facilitators"; url: string | null; fileName: string | null; sizeBytes: number | null };

/** A unit's materials: links open the address, files download through the checked loader. */
export function MaterialList({ materials, showAudience, label }: { materials: Material[]; showAudience: boolean; label: string }) {
  if (!materials.length) return <p className="muted">No materials.</p>;
  return (
    <ul aria-label={label} className="materials">
      {materials.map((m) => (
        <li key={m.id}>
          {m.kind === "link" && m.url ? (
            <a href={m.url} rel="noopener noreferrer" target="_blank">
              {m.title}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : (
            <a href={`/curriculum/materials/${m.id}`} download>
              {m.title}
            </a>
          )}{" "}
          <span className="muted">
            {m.kind === "file" ? `${m.fileName ?? "file"}, ${formatBytes(m.sizeBytes ?? 0)}` : "link"}
            {showAudience ? ` · ${AUDIENCE_LABELS[m.audience]}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

type StaffUnit = { id: string; title: string; objectives: string; durationMinutes: number; guidance: string; archivedAt: string | Date | null; materials: Material[] };

/** The session's unit as its facilitators see it on the roster and the session plan. */
export function SessionUnitPanel({ unit, sessionId, headingLevel = 2, full = false }: { unit: StaffUnit | null; sessionId: string; headingLevel?: 2 | 3; full?: boolean }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <section className="card" aria-labelledby={`unit-${sessionId}`}>
      <H id={`unit-${sessionId}`}>{unit ? `Unit: ${unit.title}` : "No unit for this session"}</H>
      {unit ? (
        <>
          <p className="muted">
            {unit.durationMinutes} minutes{unit.archivedAt ? " · this unit is archived" : ""}
          </p>
          {unit.objectives ? (
            <>
              <Sub>Objectives</Sub>
              <Paragraphs text={unit.objectives} />
            </>
          ) : null}
          {full && unit.guidance ? (
            <>
              <Sub>Facilitator guidance</Sub>
              <Paragraphs text={unit.guidance} />
            </>
          ) : null}
          <Sub>Materials</Sub>
          <MaterialList materials={unit.materials} showAudience label={`Materials for ${unit.title}`} />
        </>
      ) : null}
      {!full ? (
        <p>
          <Link to={`/sessions/${sessionId}/plan`}>Session plan{unit ? " and guidance" : ""}: change the unit</Link>
        </p>
      ) : null}
    </section>
  );
}
