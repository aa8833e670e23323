import { Link } from "@remix-run/react";
import { formatBytes } from "~/modules/competency/files";
import { languageOf } from "~/i18n/locales";
import type { MATERIAL_AUDIENCES } from "~/modules/records/curriculum/schema";
import { useTexts } from "~/ui/i18n";
import { Paragraphs } from "~/ui/records";

/** The catalog key of who may see a material (modules/records/curriculum/schema.ts AUDIENCE_LABELS). */
export const AUDIENCE_KEY: Record<(typeof MATERIAL_AUDIENCES)[number], string> = {
  participants: "records.audience.participants",
  facilitators: "records.audience.facilitators",
};

type Material = { id: string; kind: "link" | "file"; title: string; audience: "participants" | "facilitators"; url: string | null; fileName: string | null; sizeBytes: number | null };

/** A unit's materials: links open the address, files download through the checked loader. */
export function MaterialList({ materials, showAudience, label }: { materials: Material[]; showAudience: boolean; label: string }) {
  const { t, locale } = useTexts();
  if (!materials.length) return <p className="muted">{t("records.materials.none")}</p>;
  return (
    <ul aria-label={label} className="materials">
      {materials.map((m) => (
        <li key={m.id}>
          {m.kind === "link" && m.url ? (
            <a href={m.url} rel="noopener noreferrer" target="_blank">
              {m.title}
              <span className="visually-hidden">{t("records.materials.newTab")}</span>
            </a>
          ) : (
            <a href={`/curriculum/materials/${m.id}`} download>
              {m.title}
            </a>
          )}{" "}
          <span className="muted">
            {m.kind === "file" ? `${m.fileName ?? t("records.materials.file")}, ${formatBytes(m.sizeBytes ?? 0, languageOf(locale))}` : t("records.materials.link")}
            {showAudience ? ` · ${t(AUDIENCE_KEY[m.audience])}` : ""}
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
  const { t } = useTexts();
  return (
    <section className="card" aria-labelledby={`unit-${sessionId}`}>
      <H id={`unit-${sessionId}`}>{unit ? t("records.materials.unit", { title: unit.title }) : t("records.materials.noUnit")}</H>
      {unit ? (
        <>
          <p className="muted">
            {t("records.materials.minutes", { minutes: unit.durationMinutes })}
            {unit.archivedAt ? t("records.materials.archived") : ""}
          </p>
          {unit.objectives ? (
            <>
              <Sub>{t("records.curriculum.labels.objectives")}</Sub>
              <Paragraphs text={unit.objectives} />
            </>
          ) : null}
          {full && unit.guidance ? (
            <>
              <Sub>{t("records.curriculum.labels.guidance")}</Sub>
              <Paragraphs text={unit.guidance} />
            </>
          ) : null}
          <Sub>{t("records.materials.title")}</Sub>
          <MaterialList materials={unit.materials} showAudience label={t("records.materials.for", { title: unit.title })} />
        </>
      ) : null}
      {!full ? (
        <p>
          <Link to={`/sessions/${sessionId}/plan`}>{t(unit ? "records.materials.planAndGuidance" : "records.materials.plan")}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** A unit's own text as saved (read-only), under a level-2 heading: shown to a manager whose save was refused because someone else changed the unit meanwhile. */
export function UnitText({ unit }: { unit: { title: string; durationMinutes: number; objectives: string; guidance: string } }) {
  const { t } = useTexts();
  return (
    <>
      <p>{t("records.materials.unit", { title: unit.title })}</p>
      <p>{t("records.materials.minutes", { minutes: unit.durationMinutes })}</p>
      <h3>{t("records.curriculum.labels.objectives")}</h3>
      {unit.objectives ? <Paragraphs text={unit.objectives} /> : <p className="muted">{t("records.shared.notGiven")}</p>}
      <h3>{t("records.curriculum.labels.guidance")}</h3>
      {unit.guidance ? <Paragraphs text={unit.guidance} /> : <p className="muted">{t("records.shared.notGiven")}</p>}
    </>
  );
}
