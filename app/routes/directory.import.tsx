import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { DIRECTORY_COLUMNS, parseDirectoryCsv } from "~/modules/referrals/directory-csv";
import { importResources } from "~/modules/referrals/mutations.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.directory.import.pageTitle") }];

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
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("voice.directory.import.title")}</h1>
      <p>
        {t("voice.directory.import.columns")}
        <code>{DIRECTORY_COLUMNS.join(",")}</code>
        {t("voice.directory.import.only")}
        <code>name</code>
        {t("voice.directory.import.rest")}
      </p>
      {data?.errors?.length ? (
        <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="import-errors">
          <h2 id="import-errors">{t("voice.directory.import.nothing")}</h2>
          <ul>
            {data.errors.map((e, i) => (
              <li key={i}>{e.line > 0 ? t("voice.directory.import.line", { line: String(e.line), message: message(e.message) }) : message(e.message)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <div className="field">
          <label htmlFor="file">{t("voice.directory.import.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="csv">{t("voice.directory.import.paste")}</label>
          <textarea id="csv" name="csv" rows={8} />
        </div>
        <button type="submit">{t("voice.directory.import.submit")}</button> <Link to="/directory">{t("voice.directory.import.cancel")}</Link>
      </Form>
    </>
  );
}
