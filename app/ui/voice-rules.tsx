import { Form, Link } from "@remix-run/react";
import { ErrorSummary, Notice, TextArea, type ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";

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
  programRules?: { version: number; body: string } | null;
  programLink?: string;
  canPublish: boolean;
  zone: string;
  data?: (ActionErrors & { ok?: boolean }) | undefined;
}) {
  const [current, ...earlier] = props.versions;
  const failed = props.data && !props.data.ok ? props.data : undefined;
  return (
    <>
      <h1>{props.heading}</h1>
      {props.data?.ok ? <Notice>The new version of the rules is published.</Notice> : null}
      <p className="muted">
        Rules are agreed with participants: anyone in the group can <Link to="/proposals/new">propose a change</Link>.
      </p>
      {current ? (
        <section aria-labelledby="current" className="card">
          <h2 id="current" style={{ marginTop: 0 }}>
            Current rules (version {current.version})
          </h2>
          <div style={{ whiteSpace: "pre-wrap" }}>{current.body}</div>
          <p className="muted">
            Published <When at={current.publishedAt} zone={props.zone} />
            {current.proposalId ? (
              <>
                {" "}
                from the proposal <Link to={`/proposals/${current.proposalId}`}>{current.proposalTitle}</Link>
              </>
            ) : null}
            . What changed: {current.changeSummary}
          </p>
        </section>
      ) : (
        <p>No rules have been published yet.</p>
      )}
      {props.programRules ? (
        <p>
          The program&apos;s own rules (version {props.programRules.version}) also apply:{" "}
          {props.programLink ? <Link to={props.programLink}>read the program rules</Link> : null}.
        </p>
      ) : null}
      {earlier.length ? (
        <section aria-labelledby="history">
          <h2 id="history">Version history</h2>
          <ol reversed>
            {earlier.map((v) => (
              <li key={v.id}>
                <details>
                  <summary>
                    Version {v.version}, <When at={v.publishedAt} zone={props.zone} />: {v.changeSummary}
                    {v.proposalId ? <> (from “{v.proposalTitle}”)</> : null}
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
          <h2 id="publish">Publish a new version</h2>
          <p className="muted">For changes agreed through a proposal, record the decision on the proposal instead: it links the two.</p>
          <ErrorSummary data={failed} labels={{ body: "Rules", changeSummary: "What changed" }} />
          <Form method="post" noValidate>
            <TextArea name="body" label="Rules, in full" defaultValue={current?.body} data={failed} rows={8} />
            <TextArea name="changeSummary" label="What changed" data={failed} rows={2} />
            <button type="submit">Publish rules</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
