import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import type { CurrentUser } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { reviewRelease, revokeRelease, signRelease } from "~/modules/completion/releases/mutations.server";
import { myReleasesPage } from "~/modules/completion/releases/queries.server";
import { myReleaseActionSchema, releaseTermsSchema } from "~/modules/completion/releases/schema";
import { SHARE_ITEMS, SHARE_LABELS } from "~/modules/completion/releases/statement";
import { ReleaseCard, ReleaseTermsFields } from "~/ui/releases";
import { ErrorSummary, Field, Notice, RadioGroup } from "~/ui/form";
import { attempt, formFailure, parseForm, UserInputError } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = () => [{ title: "My releases of information · Group Sessions" }];

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
  signed: "Signed. Staff can now send a letter to this recipient, showing only what you ticked, until the release expires or you revoke it.",
  revoked: "Revoked. From now on no letter can be sent under this release.",
};
const labels = {
  recipientName: "Recipient's name",
  recipientOrganization: "Their organisation",
  recipientContact: "Address or email",
  purpose: "Purpose",
  shares: "What may be shared",
  expiresOn: "Expires on",
  signedName: "Your name",
  agree: "Confirmation",
  statementHash: "The release",
  releaseId: "Release",
  programId: "Program",
};

export default function MyReleases() {
  const { releases, programs, zone, name, defaultExpiry } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as
    | { ok: boolean; values?: Record<string, string>; errors?: Record<string, string[]>; review?: { statement: string; hash: string } }
    | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const review = data?.review;
  const values = data?.values ?? {};
  return (
    <>
      <h1>My releases of information</h1>
      {lookup(DONE, done) ? <Notice>{lookup(DONE, done)}</Notice> : null}
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={labels} />
      <p>
        A court, probation officer, employer or funder may ask us for proof that you attend. We send a letter only to someone you name here, with only what you allow,
        until the date you choose. You can revoke a release at any time. Every letter sent is listed under its release and in <Link to="/my/privacy">Who has seen my records</Link>.
      </p>
      <h2>Your releases</h2>
      {releases.length === 0 ? <p>You have not signed any release. Nothing about you is sent outside the organisation.</p> : null}
      <ul className="plain">
        {releases.map((r) => (
          <li key={r.id}>
            <ReleaseCard release={r} zone={zone} showStatement>
              {r.state === "current" ? (
                <Form method="post">
                  <input type="hidden" name="releaseId" value={r.id} />
                  <button type="submit" name="intent" value="revoke" className="secondary">
                    Revoke<span className="visually-hidden"> the release to {r.recipientName}</span>
                  </button>
                </Form>
              ) : null}
            </ReleaseCard>
          </li>
        ))}
      </ul>
      <h2 id="new-release">Sign a new release</h2>
      {programs.length === 0 ? <p>You can sign a release once you take part in a group: a release covers one program you take part in.</p> : null}
      <Form method="post" noValidate className="card" aria-labelledby="new-release" hidden={programs.length === 0}>
        <RadioGroup
          name="programId"
          legend="Which program it is about"
          hint="A release covers one program only. Sign another release for another program."
          data={data as Parameters<typeof RadioGroup>[0]["data"]}
          defaultValue={programs.length === 1 ? programs[0].id : undefined}
          options={programs.map((p) => ({ value: p.id, label: p.part2 ? `${p.name} (a substance use disorder program, protected by 42 CFR part 2)` : p.name }))}
        />
        <ReleaseTermsFields data={data} defaultExpiry={defaultExpiry} hint="You read the exact text before you sign." />
        <button type="submit" name="intent" value="review">
          Read the release
        </button>
      </Form>
      {review ? (
        <section className="card" aria-labelledby="sign-heading">
          <h2 id="sign-heading">Read and sign</h2>
          <p>This is the exact text you sign. We keep it word for word.</p>
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
            <Field name="signedName" label="Type your full name to sign" hint={`As on your account: ${name}`} data={data?.ok ? undefined : data} autoComplete="name" />
            <div className="field">
              {data && !data.ok && data.errors?.agree ? (
                <span className="error" id="agree-error">
                  {data.errors.agree[0]}
                </span>
              ) : null}
              <label>
                <input type="checkbox" id="agree" name="agree" value="yes" aria-describedby={data && !data.ok && data.errors?.agree ? "agree-error" : undefined} />I have read
                this release and I sign it.
              </label>
            </div>
            <button type="submit" name="intent" value="sign">
              Sign the release
            </button>
          </Form>
        </section>
      ) : null}
      <p className="muted">What a release can allow: {SHARE_ITEMS.map((s) => SHARE_LABELS[s]).join("; ")}.</p>
      <p>
        <Link to="/my/consents">My consents</Link> · <Link to="/home">Home</Link>
      </p>
    </>
  );
}
