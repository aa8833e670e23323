import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveTranslation } from "~/modules/translations/mutations.server";
import { translationOverview } from "~/modules/translations/queries.server";
import { TRANSLATION_LANGUAGES, translationSchema } from "~/modules/translations/schema";
import { Notice } from "~/ui/form";
import { TranslationForms } from "~/ui/translations";
import { attempt, formFailure, formVersion, parseForm } from "~/web/http.server";
import { revalidateWhenStale } from "~/ui/versions";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.translations.pageTitle") }];

/** ?language=es: the language being written (unknown ones fall back to the first shipped). */
function languageOf(request: Request): string {
  const asked = new URL(request.url).searchParams.get("language") ?? "";
  return (TRANSLATION_LANGUAGES as readonly string[]).includes(asked) ? asked : TRANSLATION_LANGUAGES[0];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const language = languageOf(request);
  return { language, languages: TRANSLATION_LANGUAGES, ...(await translationOverview(user, language)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const formData = await request.formData();
  const form = await parseForm(request, translationSchema, formData);
  if (!form.ok) return formFailure(form);
  // The version the page was opened on: a save after a colleague changed this translation is refused (nothing saved, text kept).
  const result = await attempt(form.values, () => saveTranslation(user, form.data, new Date(), { version: formVersion(formData) }));
  if (!result.ok) return result.response;
  return redirect(`/admin/translations?language=${form.data.language}&saved=${result.value ? "1" : "0"}#${form.data.kind}-${form.data.subjectId || "org"}`);
}

export const shouldRevalidate = revalidateWhenStale;

export default function Translations() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const saved = useSearchParams()[0].get("saved");
  const { t } = useTexts();
  return (
    <>
      <h1>{t("admin.translations.title")}</h1>
      <p>{t("admin.translations.intro")}</p>
      {saved ? <Notice>{t(saved === "1" ? "admin.translations.saved" : "admin.translations.nothingChanged")}</Notice> : null}
      <TranslationForms data={data} failed={failed && !failed.ok ? failed : undefined} />
    </>
  );
}
