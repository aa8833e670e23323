import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { decideOwnConsent } from "~/modules/consent/mutations.server";
import { listMyConsents } from "~/modules/consent/queries.server";
import { consentDecisionSchema } from "~/modules/consent/schema";
import type { ConsentKind } from "~/modules/consent/wording";
import { ErrorSummary, Notice } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { lookup } from "~/ui/lookup";
import { useTexts, pageTitle } from "~/ui/i18n";
import { consentTextIn } from "~/modules/consent/wording";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "my.consents.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await listMyConsents(user, new Date())), viewerZone: user.timezone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, consentDecisionSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => decideOwnConsent(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/my/consents?done=${form.data.intent}`);
}

const STATE_LABEL = {
  given: "my.consents.state.given",
  refused: "my.consents.state.refused",
  pending: "my.consents.state.pending",
  expired: "my.consents.state.expired",
  revoked: "my.consents.state.revoked",
  not_asked: "my.consents.state.notAsked",
} as const;
const DONE: Record<string, string> = {
  give: "my.consents.done.give",
  refuse: "my.consents.done.refuse",
  revoke: "my.consents.done.revoke",
};
const SOURCE_LABEL: Record<string, string> = {
  self: "my.consents.source.self",
  staff_verbal: "my.consents.source.staffVerbal",
  staff_pending: "my.consents.source.staffPending",
  legacy_intake: "my.consents.source.legacyIntake",
};

function Decide({ groupId, groupName, kind, intent, label, secondary }: { groupId: string; groupName: string; kind: ConsentKind; intent: string; label: string; secondary?: boolean }) {
  const { locale } = useTexts();
  return (
    <Form method="post">
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" name="intent" value={intent} className={secondary ? "secondary" : undefined}>
        {label}
        <span className="visually-hidden">
          : {consentTextIn(kind, locale).title}, {groupName}
        </span>
      </button>
    </Form>
  );
}

export default function MyConsents() {
  const { groups, history, viewerZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const { t, locale } = useTexts();
  const doneKey = lookup(DONE, done);
  return (
    <>
      <h1>{t("my.consents.title")}</h1>
      {doneKey ? <Notice>{t(doneKey)}</Notice> : null}
      <ErrorSummary data={data} />
      <p>{t("my.consents.intro")}</p>
      {groups.length === 0 ? (
        <p>
          {t("my.consents.noGroups")}
          <Link to="/catalogue">{t("my.consents.findGroup")}</Link>.
        </p>
      ) : null}
      {groups.map((g) => (
        <section key={g.groupId} className="card" aria-labelledby={`c-${g.groupId}`}>
          <h2 id={`c-${g.groupId}`}>{g.groupName}</h2>
          {g.items.map((item) => {
            const text = consentTextIn(item.kind, locale);
            const r = item.record;
            return (
              <article key={item.kind} aria-labelledby={`c-${g.groupId}-${item.kind}`}>
                <h3 id={`c-${g.groupId}-${item.kind}`}>{text.title}</h3>
                <p>
                  <strong>{t("my.consents.yourAnswer", { answer: t(STATE_LABEL[item.state]) })}</strong>
                </p>
                <blockquote>“{r && item.state !== "revoked" ? r.wording : text.wording}”</blockquote>
                <p className="muted">
                  {t("my.consents.sharedWith", { toWhom: text.toWhom, purpose: text.purpose })}
                  {item.choice ? t("my.consents.ifNo", { ifNo: text.ifNo }) : ` ${text.ifNo}`}
                </p>
                {r ? (
                  <p className="muted">
                    {item.state === "revoked" && r.revokedAt ? (
                      <>
                        {t("my.consents.revokedOn")}
                        <When at={r.revokedAt} zone={viewerZone} />.
                      </>
                    ) : (
                      <>
                        {t("my.consents.recorded")}
                        <When at={r.givenAt} zone={viewerZone} />
                        {t("my.consents.by", {
                          who:
                            r.source === "staff_verbal" && r.recorderName
                              ? t("my.consents.source.staffVerbalNamed", { name: r.recorderName })
                              : SOURCE_LABEL[r.source]
                                ? t(SOURCE_LABEL[r.source])
                                : r.source,
                        })}
                        {r.expiresAt && item.state === "given" ? (
                          <>
                            {t("my.consents.lastsUntil")}
                            <When at={r.expiresAt} zone={viewerZone} />
                          </>
                        ) : null}
                        {t("my.consents.version", { version: r.wordingVersion })}
                      </>
                    )}
                  </p>
                ) : null}
                <div className="row">
                  {item.state === "given" ? (
                    item.choice ? <Decide groupId={g.groupId} groupName={g.groupName} kind={item.kind} intent="revoke" label={t("my.consents.revoke")} secondary /> : null
                  ) : (
                    <Decide
                      groupId={g.groupId}
                      groupName={g.groupName}
                      kind={item.kind}
                      intent="give"
                      label={item.choice ? (item.state === "expired" ? t("my.consents.renew") : t("my.consents.agree")) : t("my.consents.understand")}
                    />
                  )}
                  {item.choice && (item.state === "pending" || item.state === "not_asked") ? (
                    <Decide groupId={g.groupId} groupName={g.groupName} kind={item.kind} intent="refuse" label={t("my.consents.no")} secondary />
                  ) : null}
                </div>
              </article>
            );
          })}
        </section>
      ))}
      {history.length ? (
        <details>
          <summary>{t("my.consents.earlier", { count: history.length })}</summary>
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                {consentTextIn(h.kind, locale).title}: {t(STATE_LABEL[h.status])}, <When at={h.givenAt} zone={viewerZone} />;{" "}
                {h.endedReason === "revoked" ? t("my.consents.revokedWord") : t("my.consents.replacedWord")}{" "}
                {h.revokedAt ? <When at={h.revokedAt} zone={viewerZone} /> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p>
        <Link to="/my/groups">{t("my.consents.myGroups")}</Link> · <Link to="/home">{t("my.consents.home")}</Link>
      </p>
    </>
  );
}
