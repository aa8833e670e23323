import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { addFileMaterial, addLinkMaterial, removeMaterial, setUnitArchived, updateUnit } from "~/modules/records/curriculum/mutations.server";
import { getUnit } from "~/modules/records/curriculum/queries.server";
import { AUDIENCE_LABELS, fileMaterialFields, MATERIAL_AUDIENCES, unitAction } from "~/modules/records/curriculum/schema";
import { MaterialList } from "~/ui/curriculum";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { Paragraphs } from "~/ui/records";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { isMultipart, readUpload } from "~/web/uploads.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.unit.title ?? "Unit"} · Curriculum · Group Sessions` }];

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
  const form = await parseForm(request, unitAction);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt(form.values, async () => {
    if (data.intent === "update") await updateUnit(user, groupId, unitId, data, now);
    else if (data.intent === "archive" || data.intent === "restore") await setUnitArchived(user, groupId, unitId, data.intent === "archive", now);
    else if (data.intent === "addLink") await addLinkMaterial(user, groupId, unitId, { title: data.linkTitle, url: data.url, audience: data.linkAudience });
    else await removeMaterial(user, groupId, unitId, data.materialId);
  });
  return result.ok ? back(data.intent) : result.response;
}

const DONE: Record<string, string> = { update: "Unit saved.", archive: "Unit archived.", restore: "Unit restored to the curriculum.", addLink: "Link added.", file: "File added.", removeMaterial: "Material removed." };
const LABELS = { title: "Title", objectives: "Objectives", durationMinutes: "Duration", guidance: "Facilitator guidance", linkTitle: "Link title", url: "Web address", linkAudience: "Who may see the link", fileTitle: "File title", fileAudience: "Who may see the file", material: "File", materialId: "Material" };
const audiences = MATERIAL_AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }));

export default function Unit() {
  const { group, unit, materials, canEdit } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <h1>{unit.title}</h1>
      <p className="row">
        <Link to={`/groups/${group.id}/curriculum`}>Back to the curriculum of {group.name}</Link>
      </p>
      {lookup(DONE, done) ? <Notice>{lookup(DONE, done)}</Notice> : null}
      <ErrorSummary data={failed} labels={LABELS} />
      {unit.archivedAt ? <p className="status badge-warn">Archived: no longer given to sessions</p> : null}
      {canEdit ? (
        <Form method="post" className="card" noValidate aria-label="Edit the unit">
          <Field name="title" label="Title" data={failed} defaultValue={unit.title} />
          <TextArea name="objectives" label="Objectives" data={failed} defaultValue={unit.objectives} rows={3} />
          <Field name="durationMinutes" label="Duration in minutes" type="number" inputMode="numeric" min={1} max={1440} data={failed} defaultValue={unit.durationMinutes} />
          <TextArea name="guidance" label="Facilitator guidance" hint="Only facilitators and managers see this." data={failed} defaultValue={unit.guidance} />
          <p className="row">
            <button type="submit" name="intent" value="update">
              Save unit
            </button>
            <button type="submit" name="intent" value={unit.archivedAt ? "restore" : "archive"} className="secondary">
              {unit.archivedAt ? "Restore unit" : "Archive unit"}
            </button>
          </p>
        </Form>
      ) : (
        <section className="card" aria-label="The unit">
          <p>{unit.durationMinutes} minutes</p>
          <h2>Objectives</h2>
          {unit.objectives ? <Paragraphs text={unit.objectives} /> : <p className="muted">(not given)</p>}
          <h2>Facilitator guidance</h2>
          {unit.guidance ? <Paragraphs text={unit.guidance} /> : <p className="muted">(not given)</p>}
        </section>
      )}
      <h2>Materials</h2>
      <MaterialList materials={materials} showAudience label={`Materials for ${unit.title}`} />
      {canEdit && materials.length ? (
        <Form key={`remove-${materials.length}`} method="post" className="row" aria-label="Remove a material">
          <Select name="materialId" label="Remove a material" options={materials.map((m) => ({ value: m.id, label: m.title }))} data={failed} />
          <button type="submit" name="intent" value="removeMaterial" className="danger secondary">
            Remove
          </button>
        </Form>
      ) : null}
      {canEdit ? (
        <>
          {/* Keyed by the materials: after an add the forms start empty again (the page is not remounted). */}
          <Form key={`link-${materials.length}`} method="post" className="card" noValidate aria-labelledby="add-link">
            <h3 id="add-link">Add a link</h3>
            <Field name="linkTitle" label="Title" data={failed} />
            <Field name="url" label="Web address" type="url" hint="Starting with https://" data={failed} />
            <Select name="linkAudience" label="Who may see it" options={audiences} data={failed} defaultValue="facilitators" />
            <button type="submit" name="intent" value="addLink">
              Add link
            </button>
          </Form>
          <Form key={`file-${materials.length}`} method="post" encType="multipart/form-data" className="card" noValidate aria-labelledby="add-file">
            <h3 id="add-file">Upload a file</h3>
            <Field name="fileTitle" label="Title" data={failed} />
            <Select name="fileAudience" label="Who may see it" options={audiences} data={failed} defaultValue="facilitators" />
            <Field name="material" label="File" type="file" hint={`PDF, PNG or JPEG, at most ${formatBytes(MAX_UPLOAD_BYTES)}.`} data={failed} />
            <button type="submit">Upload file</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
