import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { DIRECTORY_COLUMNS, parseDirectoryCsv } from "~/modules/referrals/directory-csv";
import { importResources } from "~/modules/referrals/mutations.server";

export const meta: MetaFunction = () => [{ title: "Import the directory · Group Sessions" }];

const MAX_BYTES = 1_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: MANAGING_ROLES });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await request.formData();
  const file = form.get("file");
  const pasted = form.get("csv");
  let text = typeof pasted === "string" ? pasted : "";
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_BYTES) return json({ errors: [{ line: 0, message: "The file is larger than 1 MB." }] }, { status: 400 });
    text = await file.text();
  }
  if (text.trim() === "") return json({ errors: [{ line: 0, message: "Choose a CSV file or paste its contents." }] }, { status: 400 });
  if (text.length > MAX_BYTES) return json({ errors: [{ line: 0, message: "The text is larger than 1 MB." }] }, { status: 400 });
  const parsed = parseDirectoryCsv(text);
  if (!parsed.ok) return json({ errors: parsed.errors.slice(0, 100) }, { status: 400 });
  const { created, updated } = await importResources(user, parsed.rows);
  return redirect(`/directory?imported=${encodeURIComponent(`${created} added, ${updated} updated`)}`);
}

export default function ImportDirectory() {
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Import the directory from CSV</h1>
      <p>
        The first line names the columns: <code>{DIRECTORY_COLUMNS.join(",")}</code>. Only <code>name</code> is required. Separate need areas with semicolons. A
        service whose name is already in the directory is updated. If any line has a problem, nothing is imported and every problem is listed by line number.
      </p>
      {data?.errors?.length ? (
        <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="import-errors">
          <h2 id="import-errors">Nothing was imported</h2>
          <ul>
            {data.errors.map((e, i) => (
              <li key={i}>{e.line > 0 ? `Line ${e.line}: ${e.message}` : e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="csv">Or paste the CSV text</label>
          <textarea id="csv" name="csv" rows={8} />
        </div>
        <button type="submit">Import</button> <Link to="/directory">Cancel</Link>
      </Form>
    </>
  );
}
