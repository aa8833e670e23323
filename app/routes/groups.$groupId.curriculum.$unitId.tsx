import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { languageOf } from "~/i18n/locales";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { addFileMaterial, addLinkMaterial, removeMaterial, setUnitArchived, updateUnit } from "~/modules/records/curriculum/mutations.server";
import { getUnit } from "~/modules/records/curriculum/queries.server";
import { fileMaterialFields, MATERIAL_AUDIENCES, unitAction } from "~/modules/records/curriculum/schema";
import { AUDIENCE_KEY, MaterialList, UnitText } from "~/ui/curriculum";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { Paragraphs } from "~/ui/records";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { isMultipart, readUpload } from "~/web/uploads.server";
import { lookup } from "~/ui/lookup";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.unit.pageTitle", { title: data.unit.title }) : pageTitle(matches, "records.unit.pageTitleNoUnit") },
];

/** After a save refused as out of date, the page's data is read again to show what is saved now. */
export const shouldRevalidate = revalidateWhenStale;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return getUnit(user, parseId(params.groupId), parseId(params.unitId));
}

const TOO_BIG = `This file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}. Upload a smaller PDF, PNG or JPEG.`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  const unitId = parseId(params.unitId);
  const back = (done: string) => redirect(`/groups/${groupId}/curriculum/${unitId}?done=${done}`);
  if (isMultipart(request)) {
    const upload = await readUpload(request, { field: "material", maxBytes: MAX_UPLOAD_BYTES, tooBig: TOO_BIG, unreadable: "This upload could not be read. Choose the file again and send it once more." });
    if (!upload.ok) return upload.response;
    const form = await parseForm(request, fileMaterialFields, upload.formData);
    if (!form.ok) return formFailure(form);
    const { fileTitle, fileAudience } = form.data;
    const result = await attempt(form.values, () => addFileMaterial(user, groupId, unitId, { title: fileTitle, audience: fileAudience, file: upload.file }));
    return result.ok ? back("file") : result.response;
  }
  const formData = await request.formData();
  const form = await parseForm(request, unitAction, formData);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt(form.values, async () => {
    // The version the page showed: a save is refused once someone else changed the unit, or when it names none.
    if (data.intent === "update") await updateUnit(user, groupId, unitId, data, now, { version: formVersion(formData) });
    else if (data.intent === "archive" || data.intent === "restore") await setUnitArchived(user, groupId, unitId, data.intent === "archive", now);
    else if (data.intent === "addLink") await addLinkMaterial(user, groupId, unitId, { title: data.linkTitle, url: data.url, audience: data.linkAudience });
    else await removeMaterial(user, groupId, unitId, data.materialId);
  });
  return result.ok ? back(data.intent) : result.response;
}

const DONE: Record<string, string> = {
  update: "records.unit.done.update",
  archive: "records.unit.done.archive",
  restore: "records.unit.done.restore",
  addLink: "records.unit.done.addLink",
  file: "records.unit.done.file",
  removeMaterial: "records.unit.done.removeMaterial",
};
const LABELS = {
  title: "records.curriculum.labels.title",
  objectives: "records.curriculum.labels.objectives",
  durationMinutes: "records.curriculum.labels.duration",
  guidance: "records.curriculum.labels.guidance",
  linkTitle: "records.unit.labels.linkTitle",
  url: "records.unit.labels.url",
  linkAudience: "records.unit.labels.linkAudience",
  fileTitle: "records.unit.labels.fileTitle",
  fileAudience: "records.unit.labels.fileAudience",
  material: "records.unit.labels.material",
  materialId: "records.unit.labels.materialId",
} as const;

export default function Unit() {
  const { group, unit, version, materials, canEdit } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = lookup(DONE, params.get("done"));
  const { t, locale } = useTexts();
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)]));
  const audiences = MATERIAL_AUDIENCES.map((a) => ({ value: a, label: t(AUDIENCE_KEY[a]) }));
  return (
    <>
      <h1>{unit.title}</h1>
      <p className="row">
        <Link to={`/groups/${group.id}/curriculum`}>{t("records.unit.back", { group: group.name })}</Link>
      </p>
      {done ? <Notice>{t(done)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      {unit.archivedAt ? <p className="status badge-warn">{t("records.unit.archived")}</p> : null}
      {canEdit ? (
        <>
          {/* A save refused as out of date: the unit as saved now, beside the person's own entries kept in the form. */}
          <SavedNow changed={changedMeanwhile(failed)} labels={labels}>
            <UnitText unit={unit} />
          </SavedNow>
          <Form method="post" className="card" noValidate aria-label={t("records.unit.edit")}>
            {/* The version sent back by a refused save (the current one, once the person has seen it), else the page's. */}
            <input type="hidden" name="version" value={failed?.values?.version ?? version} />
            <Field name="title" label={t("records.curriculum.labels.title")} data={failed} defaultValue={unit.title} />
            <TextArea name="objectives" label={t("records.curriculum.labels.objectives")} data={failed} defaultValue={unit.objectives} rows={3} />
            <Field name="durationMinutes" label={t("records.curriculum.durationMinutes")} type="number" inputMode="numeric" min={1} max={1440} data={failed} defaultValue={unit.durationMinutes} />
            <TextArea name="guidance" label={t("records.curriculum.labels.guidance")} hint={t("records.curriculum.guidanceHint")} data={failed} defaultValue={unit.guidance} />
            <p className="row">
              <button type="submit" name="intent" value="update">
                {t("records.unit.save")}
              </button>
              <button type="submit" name="intent" value={unit.archivedAt ? "restore" : "archive"} className="secondary">
                {unit.archivedAt ? t("records.unit.restore") : t("records.unit.archive")}
              </button>
            </p>
          </Form>
        </>
      ) : (
        <section className="card" aria-label={t("records.unit.theUnit")}>
          <p>{t("records.materials.minutes", { minutes: unit.durationMinutes })}</p>
          <h2>{t("records.curriculum.labels.objectives")}</h2>
          {unit.objectives ? <Paragraphs text={unit.objectives} /> : <p className="muted">{t("records.shared.notGiven")}</p>}
          <h2>{t("records.curriculum.labels.guidance")}</h2>
          {unit.guidance ? <Paragraphs text={unit.guidance} /> : <p className="muted">{t("records.shared.notGiven")}</p>}
        </section>
      )}
      <h2>{t("records.materials.title")}</h2>
      <MaterialList materials={materials} showAudience label={t("records.materials.for", { title: unit.title })} />
      {canEdit && materials.length ? (
        <Form key={`remove-${materials.length}`} method="post" className="row" aria-label={t("records.unit.removeMaterial")}>
          <Select name="materialId" label={t("records.unit.removeMaterial")} options={materials.map((m) => ({ value: m.id, label: m.title }))} data={failed} />
          <button type="submit" name="intent" value="removeMaterial" className="danger secondary">
            {t("records.planParts.remove")}
          </button>
        </Form>
      ) : null}
      {canEdit ? (
        <>
          {/* Keyed by the materials: after an add the forms start empty again (the page is not remounted). */}
          <Form key={`link-${materials.length}`} method="post" className="card" noValidate aria-labelledby="add-link">
            <h3 id="add-link">{t("records.unit.addLink")}</h3>
            <Field name="linkTitle" label={t("records.curriculum.labels.title")} data={failed} />
            <Field name="url" label={t("records.unit.labels.url")} type="url" hint={t("records.unit.urlHint")} data={failed} />
            <Select name="linkAudience" label={t("records.unit.whoMaySee")} options={audiences} data={failed} defaultValue="facilitators" />
            <button type="submit" name="intent" value="addLink">
              {t("records.unit.addLinkButton")}
            </button>
          </Form>
          <Form key={`file-${materials.length}`} method="post" encType="multipart/form-data" className="card" noValidate aria-labelledby="add-file">
            <h3 id="add-file">{t("records.unit.upload")}</h3>
            <Field name="fileTitle" label={t("records.curriculum.labels.title")} data={failed} />
            <Select name="fileAudience" label={t("records.unit.whoMaySee")} options={audiences} data={failed} defaultValue="facilitators" />
            <Field name="material" label={t("records.unit.labels.material")} type="file" hint={t("records.unit.fileHint", { size: formatBytes(MAX_UPLOAD_BYTES, languageOf(locale)) })} data={failed} />
            <button type="submit">{t("records.unit.uploadButton")}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
