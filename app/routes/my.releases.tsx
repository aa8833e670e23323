import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import type { CurrentUser } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { reviewRelease, revokeRelease, signRelease } from "~/modules/completion/releases/mutations.server";
import { myReleasesPage } from "~/modules/completion/releases/queries.server";
import { myReleaseActionSchema, releaseTermsSchema } from "~/modules/completion/releases/schema";
import { SHARE_ITEMS } from "~/modules/completion/releases/statement";
import { ReleaseCard, ReleaseTermsFields, SHARE_LABEL } from "~/ui/releases";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ErrorSummary, Field, Notice, RadioGroup } from "~/ui/form";
import { attempt, formFailure, parseForm, UserInputError } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.releases.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const page = await myReleasesPage(user, new Date());
  const today = DateTime.now().setZone(user.timezone);
  return { ...page, zone: user.timezone, name: user.name, defaultExpiry: today.plus({ months: 6 }).toISODate() ?? "" };
}

/**
 * A signature refused (box not ticked, another name, the text changed): the page shows the
 * statement again beside the message, so the person reads what they sign without starting over.
 */
async function refusedSignature(user: CurrentUser, values: Record<string, string>, errors: Record<string, string[] | undefined>, now: Date) {
  const terms = releaseTermsSchema.safeParse({ ...values, shares: (values.shares ?? "").split(",").filter(Boolean) });
  const review = terms.success ? await attempt(values, () => reviewRelease(user, { ...terms.data, programId: values.programId ?? "" }, now)) : null;
  return json(
    { ok: false as const, errors, values, formError: "", review: review?.ok ? { statement: review.value.statement, hash: review.value.hash } : undefined },
    { status: 400 },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, myReleaseActionSchema);
  const now = new Date();
  if (!form.ok) return form.values.intent === "sign" ? refusedSignature(user, form.values, form.errors, now) : formFailure(form);
  const { data } = form;
  if (data.intent === "revoke") {
    const result = await attempt(form.values, () => revokeRelease(user, data.releaseId, now));
    if (!result.ok) return result.response;
    return redirect("/my/releases?done=revoked");
  }
  if (data.intent === "review") {
    const result = await attempt(form.values, () => reviewRelease(user, data, now));
    if (!result.ok) return result.response;
    return { ok: true as const, values: form.values, review: { statement: result.value.statement, hash: result.value.hash } };
  }
  try {
    await signRelease(user, data, now);
  } catch (error) {
    if (error instanceof UserInputError) return refusedSignature(user, form.values, { [error.field]: [error.message] }, now);
    throw error;
  }
  return redirect("/my/releases?done=signed");
}

const DONE: Record<string, string> = {
  signed: "participant.releases.done.signed",
  revoked: "participant.releases.done.revoked",
};
const LABELS = {
  recipientName: "participant.releases.label.recipientName",
  recipientOrganization: "participant.releases.label.recipientOrganization",
  recipientContact: "participant.releases.label.recipientContact",
  purpose: "participant.releases.label.purpose",
  shares: "participant.releases.label.shares",
  expiresOn: "participant.releases.label.expiresOn",
  signedName: "participant.releases.label.signedName",
  agree: "participant.releases.label.agree",
  statementHash: "participant.releases.label.statementHash",
  releaseId: "participant.releases.label.releaseId",
  programId: "participant.releases.label.programId",
} as const;

export default function MyReleases() {
  const { releases, programs, zone, name, defaultExpiry } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as
    | { ok: boolean; values?: Record<string, string>; errors?: Record<string, string[]>; review?: { statement: string; hash: string } }
    | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const review = data?.review;
  const values = data?.values ?? {};
  const { t, message } = useTexts();
  const doneKey = lookup(DONE, done);
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, key]) => [k, t(key)]));
  return (
    <>
      <h1>{t("participant.releases.title")}</h1>
      {doneKey ? <Notice>{t(doneKey)}</Notice> : null}
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={labels} />
      <p>
        {t("participant.releases.intro")}
        <Link to="/my/privacy">{t("participant.releases.privacyLink")}</Link>.
      </p>
      <h2>{t("participant.releases.yours")}</h2>
      {releases.length === 0 ? <p>{t("participant.releases.noneSigned")}</p> : null}
      <ul className="plain">
        {releases.map((r) => (
          <li key={r.id}>
            <ReleaseCard release={r} zone={zone} showStatement>
              {r.state === "current" ? (
                <Form method="post">
                  <input type="hidden" name="releaseId" value={r.id} />
                  <button type="submit" name="intent" value="revoke" className="secondary">
                    {t("participant.releases.revoke")}
                    <span className="visually-hidden">{t("participant.releases.theReleaseTo", { name: r.recipientName })}</span>
                  </button>
                </Form>
              ) : null}
            </ReleaseCard>
          </li>
        ))}
      </ul>
      <h2 id="new-release">{t("participant.releases.signNew")}</h2>
      {programs.length === 0 ? <p>{t("participant.releases.noPrograms")}</p> : null}
      <Form method="post" noValidate className="card" aria-labelledby="new-release" hidden={programs.length === 0}>
        <RadioGroup
          name="programId"
          legend={t("participant.releases.whichProgram")}
          hint={t("participant.releases.whichProgramHint")}
          data={data as Parameters<typeof RadioGroup>[0]["data"]}
          defaultValue={programs.length === 1 ? programs[0].id : undefined}
          options={programs.map((p) => ({ value: p.id, label: p.part2 ? t("participant.releases.part2Program", { name: p.name }) : p.name }))}
        />
        <ReleaseTermsFields data={data} defaultExpiry={defaultExpiry} hint={t("participant.releases.readFirst")} />
        <button type="submit" name="intent" value="review">
          {t("participant.releases.read")}
        </button>
      </Form>
      {review ? (
        <section className="card" aria-labelledby="sign-heading">
          <h2 id="sign-heading">{t("participant.releases.readAndSign")}</h2>
          <p>{t("participant.releases.exactText")}</p>
          <blockquote>
            {review.statement.split("\n\n").map((p) => (
              <p key={p}>{p}</p>
            ))}
          </blockquote>
          <Form method="post" noValidate>
            {["programId", "recipientName", "recipientOrganization", "recipientContact", "purpose", "expiresOn"].map((k) => (
              <input key={k} type="hidden" name={k} value={values[k] ?? ""} />
            ))}
            {SHARE_ITEMS.filter((s) => (values.shares ?? "").split(",").includes(s)).map((s) => (
              <input key={s} type="hidden" name="shares[]" value={s} />
            ))}
            <input type="hidden" name="statementHash" value={review.hash} />
            <Field name="signedName" label={t("participant.releases.typeName")} hint={t("participant.releases.asOnAccount", { name })} data={data?.ok ? undefined : data} autoComplete="name" />
            <div className="field">
              {data && !data.ok && data.errors?.agree ? (
                <span className="error" id="agree-error">
                  {message(data.errors.agree[0])}
                </span>
              ) : null}
              <label>
                <input type="checkbox" id="agree" name="agree" value="yes" aria-describedby={data && !data.ok && data.errors?.agree ? "agree-error" : undefined} />
                {t("participant.releases.agree")}
              </label>
            </div>
            <button type="submit" name="intent" value="sign">
              {t("participant.releases.sign")}
            </button>
          </Form>
        </section>
      ) : null}
      <p className="muted">{t("participant.releases.canAllow", { items: SHARE_ITEMS.map((s) => t(SHARE_LABEL[s])).join("; ") })}</p>
      <p>
        <Link to="/my/consents">{t("participant.releases.myConsents")}</Link> · <Link to="/home">{t("participant.releases.home")}</Link>
      </p>
    </>
  );
}
