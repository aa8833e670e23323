import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import { myDemographicsPage, ownAnswerSchema } from "~/modules/demographics/queries.server";
import { FIELD_LABELS } from "~/modules/demographics/schema";
import { DemographicsFields } from "~/ui/demographics";
import { ErrorSummary, Notice } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "About me · Group Sessions" }];

/** A participant's own demographic answers: all optional, each with "Prefer not to say". */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return myDemographicsPage(user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const now = new Date();
  const parsed = await parseForm(request, await ownAnswerSchema(user, now));
  if (!parsed.ok) return formFailure(parsed);
  const changed = await saveOwnDemographics(user, parsed.data, now);
  return { ok: true as const, message: changed.length ? "Your answers were saved." : "Nothing changed: your answers already read like that." };
}

export default function MyDemographics() {
  const { demographics, categories } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>About me</h1>
      <p>
        These questions are optional. Funders ask us who our groups reach, so we report them only as totals — never your name, and no group smaller than 5
        people. Choose “Prefer not to say” for any question, or leave it empty. Our managers and your group&apos;s facilitators can see your answers; every
        time they do is listed on <Link to="/my/privacy">Who has seen my records</Link>.
      </p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={FIELD_LABELS} />
      <Form method="post" noValidate>
        <DemographicsFields data={failed} current={demographics} categories={categories} />
        <button type="submit">Save my answers</button>
      </Form>
    </>
  );
}
