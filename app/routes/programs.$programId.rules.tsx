import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { publishRules } from "~/modules/voice/rules/mutations.server";
import { getRulesPage } from "~/modules/voice/rules/queries.server";
import { rulesSchema } from "~/modules/voice/schema";
import { RulesPage } from "~/ui/voice-rules";
import { pageTitle, useTexts } from "~/ui/i18n";
import { attempt, forbidden, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { revalidateWhenStale } from "~/ui/versions";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data?.title ? pageTitle(matches, "voice.rules.pageTitle", { name: data.title }) : pageTitle(matches, "voice.rules.pageTitleProgram") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await getRulesPage(user, "program", parseId(params.programId))), zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const programId = parseId(params.programId);
  const page = await getRulesPage(user, "program", programId); // 404 for other organisations
  if (!page.canPublish) forbidden("Only managers and the group's facilitators publish rules.");
  const formData = await request.formData();
  const form = await parseForm(request, rulesSchema, formData);
  if (!form.ok) return formFailure(form);
  // The version the page was opened on: publishing after someone else published newer rules is refused (nothing published, text kept).
  const result = await attempt(form.values, () => publishRules(user, "program", programId, form.data, new Date(), { version: formVersion(formData) }));
  if (!result.ok) return result.response;
  return { ok: true as const };
}

export const shouldRevalidate = revalidateWhenStale;

export default function ProgramRules() {
  const page = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return <RulesPage heading={t("voice.rules.heading", { name: page.title })} versions={page.versions} version={page.version} canPublish={page.canPublish} zone={page.zone} data={data} />;
}
