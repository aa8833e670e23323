import { Form, Link } from "@remix-run/react";
import { ErrorSummary, Notice, TextArea, type ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";
import { useTexts } from "~/ui/i18n";
import { changedMeanwhile, SavedNow } from "~/ui/versions";

type Version = {
  id: string;
  version: number;
  body: string;
  changeSummary: string;
  proposalId: string | null;
  proposalTitle: string | null;
  publishedAt: string | Date;
  publishedByName: string | null;
};

/** A rules page: the current rules, how they came about, every earlier version, and (for staff) a form for a new version. */
export function RulesPage(props: {
  heading: string;
  versions: Version[];
  /** The current text's version (modules/voice/rules/version.ts), carried by the publish form. */
  version: string;
  programRules?: { version: number; body: string } | null;
  programLink?: string;
  canPublish: boolean;
  zone: string;
  data?: (ActionErrors & { ok?: boolean }) | undefined;
}) {
  const [current, ...earlier] = props.versions;
  const failed = props.data && !props.data.ok ? props.data : undefined;
  const { t } = useTexts();
  return (
    <>
      <h1>{props.heading}</h1>
      {props.data?.ok ? <Notice>{t("voice.rules.published")}</Notice> : null}
      <p className="muted">
        {t("voice.rules.intro")}
        <Link to="/proposals/new">{t("voice.rules.propose")}</Link>.
      </p>
      {current ? (
        <section aria-labelledby="current" className="card">
          <h2 id="current" style={{ marginTop: 0 }}>
            {t("voice.rules.current", { version: current.version })}
          </h2>
          <div style={{ whiteSpace: "pre-wrap" }}>{current.body}</div>
          <p className="muted">
            {t("voice.rules.publishedOn")}
            <When at={current.publishedAt} zone={props.zone} />
            {current.proposalId ? (
              <>
                {t("voice.rules.fromProposal")}
                <Link to={`/proposals/${current.proposalId}`}>{current.proposalTitle}</Link>
              </>
            ) : null}
            {t("voice.rules.whatChanged", { summary: current.changeSummary })}
          </p>
        </section>
      ) : (
        <p>{t("voice.rules.none")}</p>
      )}
      {props.programRules ? (
        <p>
          {t("voice.rules.programAlso", { version: props.programRules.version })}
          {props.programLink ? <Link to={props.programLink}>{t("voice.rules.readProgram")}</Link> : null}.
        </p>
      ) : null}
      {earlier.length ? (
        <section aria-labelledby="history">
          <h2 id="history">{t("voice.rules.history")}</h2>
          <ol reversed>
            {earlier.map((v) => (
              <li key={v.id}>
                <details>
                  <summary>
                    {t("voice.rules.version", { version: v.version })}
                    <When at={v.publishedAt} zone={props.zone} />: {v.changeSummary}
                    {v.proposalId ? <>{t("voice.rules.fromTitle", { title: v.proposalTitle })}</> : null}
                  </summary>
                  <div style={{ whiteSpace: "pre-wrap" }}>{v.body}</div>
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {props.canPublish ? (
        <section aria-labelledby="publish">
          <h2 id="publish">{t("voice.rules.publishTitle")}</h2>
          <p className="muted">{t("voice.rules.publishHint")}</p>
          <ErrorSummary data={failed} labels={{ body: t("voice.rules.labels.body"), changeSummary: t("voice.rules.labels.changeSummary") }} />
          {/* Published meanwhile: the rules as they are now (also at the top of the page), beside the person's own text kept in the form. */}
          <SavedNow changed={changedMeanwhile(failed)} labels={{ body: t("voice.rules.labels.body") }}>
            <div style={{ whiteSpace: "pre-wrap" }}>{current?.body ?? t("voice.rules.none")}</div>
          </SavedNow>
          <Form method="post" noValidate>
            {/* The rules' version this page shows (or the one a refused publication sent back): publishing after someone else did is refused. */}
            <input type="hidden" name="version" value={failed?.values?.version ?? props.version} />
            <TextArea name="body" label={t("voice.rules.bodyLabel")} defaultValue={current?.body} data={failed} rows={8} />
            <TextArea name="changeSummary" label={t("voice.rules.labels.changeSummary")} data={failed} rows={2} />
            <button type="submit">{t("voice.rules.submit")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
