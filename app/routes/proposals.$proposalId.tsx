import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { castVote, commentOnProposal, decideProposal, editProposal, moderateComment, moderateProposal } from "~/modules/voice/proposals/mutations.server";
import { getProposal } from "~/modules/voice/proposals/queries.server";
import { OUTCOME_LABELS, proposalActionSchema } from "~/modules/voice/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { AGREE_KEY, OUTCOME_KEY, TOPIC_KEY, proposalMemberName } from "~/ui/voice-labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.proposal.title ? [{ title: `${data.proposal.title} · Group Sessions` }] : [{ title: pageTitle(matches, "voice.proposal.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await getProposal(user, parseId(params.proposalId), new Date())), zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.proposalId);
  const now = new Date();
  const { secret } = await getProposal(user, id, now); // 404 unless the user may see it
  const formData = await request.formData();
  const form = await parseForm(request, proposalActionSchema, formData);
  if (!form.ok) return formFailure(form);
  const d = form.data;
  const result = await attempt(form.values, () => {
    if (d.intent === "vote") return castVote(user, id, d.choice, now);
    if (d.intent === "comment") return commentOnProposal(user, id, d.body, now);
    if (d.intent === "hide") return moderateProposal(user, id, { hide: true, reason: d.reason }, now);
    if (d.intent === "restore") return moderateProposal(user, id, { hide: false }, now);
    if (d.intent === "hideComment") return moderateComment(user, id, { commentId: d.commentId, hide: true, reason: d.reason }, now);
    if (d.intent === "restoreComment") return moderateComment(user, id, { commentId: d.commentId, hide: false }, now);
    if (d.intent === "edit") return editProposal(user, id, d, now);
    // The rules' version the page was opened on: publishing rules written before a colleague published newer ones is refused.
    return decideProposal(user, id, d, now, appUrl(), { rulesVersion: formVersion(formData) });
  });
  if (!result.ok) return result.response;
  return { ok: true as const, done: d.intent === "vote" && secret ? ("voteSecret" as const) : d.intent };
}

const DONE_KEY = {
  vote: "voice.proposal.done.vote",
  voteSecret: "voice.proposal.done.voteSecret",
  comment: "voice.proposal.done.comment",
  hide: "voice.proposal.done.hide",
  restore: "voice.proposal.done.restore",
  decide: "voice.proposal.done.decide",
  hideComment: "voice.proposal.done.hideComment",
  restoreComment: "voice.proposal.done.restoreComment",
  edit: "voice.proposal.done.edit",
} as const;

export default function ProposalPage() {
  const { proposal: p, open, votingState, choices, myVote, voted, secret, voteCount, tally, voters, comments, rules, rulesVersion, can, isProposer, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const intent = failed?.values?.intent;
  const errorsFor = (i: string) => (intent === i ? failed : undefined);
  const { t } = useTexts();
  // A vote's answer: agree / disagree / abstain in the reader's language; other options as the proposer wrote them.
  const label = (c: string) => (AGREE_KEY[c] ? t(AGREE_KEY[c]) : c);
  // Another participant the classmates consent does not let this reader name, someone whose
  // account is gone, and the reader as proposer: the module's markers, in the reader's language.
  const who = (name: string) => proposalMemberName(t, name);
  return (
    <>
      <h1>{p.title}</h1>
      {data?.ok ? <Notice>{t(DONE_KEY[data.done as keyof typeof DONE_KEY])}</Notice> : null}
      <p className="muted">
        {t(TOPIC_KEY[p.topic])} · {p.groupName ? <Link to={`/groups/${p.groupId}`}>{p.groupName}</Link> : t("voice.proposals.wholeProgram", { program: p.programName })} ·
        {t("voice.proposal.proposedBy", { name: who(p.proposerName) })} · {p.anonymousVotes ? t("voice.proposal.secretBallot") : t("voice.proposal.openBallot")}
      </p>
      {p.hiddenAt ? (
        <div className="error-summary" role="status">
          <h2>{t("voice.proposal.hiddenTitle")}</h2>
          <p>{isProposer || can.moderate ? t("voice.proposal.hiddenReason", { reason: p.hiddenReason }) : t("voice.proposal.hiddenText")}</p>
          {p.editedAt ? (
            <p>
              {t("voice.proposal.reworded")}<When at={p.editedAt} zone={zone} />.
            </p>
          ) : null}
        </div>
      ) : null}
      {can.edit ? (
        <section aria-labelledby="reword">
          <h2 id="reword">{t("voice.proposal.rewordTitle")}</h2>
          <p>{t("voice.proposal.rewordIntro")}</p>
          <ErrorSummary data={errorsFor("edit")} labels={{ title: t("voice.newProposal.labels.title"), description: t("voice.newProposal.labels.description") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <Field name="title" label={t("voice.newProposal.labels.title")} defaultValue={p.title} data={errorsFor("edit")} />
            <TextArea name="description" label={t("voice.newProposal.labels.description")} defaultValue={p.description} data={errorsFor("edit")} rows={4} />
            <button type="submit">{t("voice.proposal.rewordSubmit")}</button>
          </Form>
        </section>
      ) : null}
      <p style={{ whiteSpace: "pre-wrap" }}>{p.description}</p>
      {p.voting === "options" ? <p>{t("voice.proposal.options", { options: p.options.join(" · ") })}</p> : null}
      <p>
        {open ? (
          <>
            {t("voice.proposals.closes")}<When at={p.closesAt} zone={zone} />
            {t("voice.proposal.votesSoFar", { count: voteCount })}
          </>
        ) : votingState === "paused" ? (
          <>
            {t("voice.proposal.paused")}<When at={p.closesAt} zone={zone} />).
          </>
        ) : (
          <>
            {t("voice.proposal.closedOn")}<When at={p.closesAt} zone={zone} />.
          </>
        )}
      </p>
      {secret && voted && open ? (
        <section aria-labelledby="vote">
          <h2 id="vote">{t("voice.proposal.yourVote")}</h2>
          <p>{t("voice.proposal.votedSecret")}</p>
        </section>
      ) : null}
      {can.vote ? (
        <section aria-labelledby="vote">
          <h2 id="vote">{t("voice.proposal.yourVote")}</h2>
          {secret ? <p>{t("voice.proposal.secretFinal")}</p> : null}
          {myVote ? <p>{t("voice.proposal.youVoted", { choice: label(myVote) })}</p> : null}
          <ErrorSummary data={errorsFor("vote")} labels={{ choice: t("voice.proposal.yourVote") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="vote" />
            <fieldset id="choice">
              <legend>{t("voice.proposal.yourVote")}</legend>
              <div className="checks">
                {choices.map((c) => (
                  <label key={c} style={{ minHeight: "44px" }}>
                    <input type="radio" name="choice" value={c} defaultChecked={myVote === c} /> {label(c)}
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="submit">{myVote ? t("voice.proposal.changeVote") : t("voice.proposal.vote")}</button>
          </Form>
        </section>
      ) : null}
      {tally ? (
        <section aria-labelledby="results">
          <h2 id="results">{t("voice.proposal.results")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("voice.proposal.answer")}</th>
                <th scope="col">{t("voice.proposal.votesHead")}</th>
                {voters ? <th scope="col">{t("voice.proposal.who")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {tally.choices.map((c) => (
                <tr key={c.choice}>
                  <td>{label(c.choice)}</td>
                  <td>{c.votes}</td>
                  {voters ? <td>{voters.find((v) => v.choice === c.choice)?.names.map(who).join(", ") || "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t("voice.proposal.voted", { count: tally.total })}</p>
        </section>
      ) : null}
      {p.decidedAt && p.outcome ? (
        <section aria-labelledby="decision">
          <h2 id="decision">{t("voice.proposal.decision", { outcome: t(OUTCOME_KEY[p.outcome]) })}</h2>
          <p>{p.decisionText}</p>
          <p>
            <strong>{t("voice.proposal.why")}</strong> {p.rationale}
          </p>
          <p className="muted">
            {t("voice.proposal.recorded")}<When at={p.decidedAt} zone={zone} />.
          </p>
          {rules.map((r) => (
            <p key={r.targetId + r.version}>
              {t("voice.proposal.adoptedAs")}<Link to={r.scope === "group" ? `/groups/${r.targetId}/rules` : `/programs/${r.targetId}/rules`}>{t("voice.proposal.rulesVersion", { version: r.version })}</Link>.
            </p>
          ))}
        </section>
      ) : null}
      {can.decide ? (
        <section aria-labelledby="decide">
          <h2 id="decide">{t("voice.proposal.decideTitle")}</h2>
          <ErrorSummary
            data={errorsFor("decide")}
            labels={{ outcome: t("voice.proposal.labels.outcome"), decisionText: t("voice.proposal.labels.decisionText"), rationale: t("voice.proposal.labels.rationale"), rulesBody: t("voice.proposal.labels.rulesBody"), changeSummary: t("voice.proposal.labels.changeSummary") }}
          />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <Select name="outcome" label={t("voice.proposal.labels.outcome")} options={(Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[]).map((value) => ({ value, label: t(OUTCOME_KEY[value]) }))} data={errorsFor("decide")} />
            <TextArea name="decisionText" label={t("voice.proposal.labels.decisionText")} data={errorsFor("decide")} rows={2} />
            <TextArea name="rationale" label={t("voice.proposal.rationale")} data={errorsFor("decide")} rows={3} />
            {can.publishRules ? (
              <>
                {/* After a refusal the current version comes back with the entries (attempt), so deciding again after a look works. */}
                <input type="hidden" name="version" value={errorsFor("decide")?.values?.version ?? rulesVersion ?? ""} />
                <p>
                  <Link to={p.scope === "group" && p.groupId ? `/groups/${p.groupId}/rules` : `/programs/${p.programId}/rules`}>{t("voice.proposal.currentRules")}</Link>
                </p>
                <TextArea name="rulesBody" label={t("voice.proposal.rulesBody")} hint={t("voice.proposal.rulesBodyHint")} data={errorsFor("decide")} rows={6} />
                <TextArea name="changeSummary" label={t("voice.proposal.changeSummary")} data={errorsFor("decide")} rows={2} />
              </>
            ) : null}
            <button type="submit">{t("voice.proposal.decideSubmit")}</button>
          </Form>
        </section>
      ) : null}
      {!p.hiddenAt ? (
        <section aria-labelledby="discussion">
          <h2 id="discussion">{t("voice.proposal.discussion")}</h2>
          {comments.length === 0 ? <p>{t("voice.proposal.noComments")}</p> : null}
          <ul style={{ listStyle: "none", padding: 0 }}>
            {comments.map((c) => (
              <li key={c.id} className="card" id={`comment-${c.id}`}>
                {c.hidden ? <p style={{ margin: 0 }}>{t("voice.proposal.commentHidden", { reason: c.hiddenReason })}</p> : null}
                {c.body ? (
                  <p style={{ margin: 0, whiteSpace: "pre-wrap" }} className={c.hidden ? "muted" : undefined}>
                    {c.body}
                  </p>
                ) : null}
                <span className="muted">
                  {c.authorName !== null ? who(c.authorName) : t("voice.proposal.formerMember")}, <When at={c.createdAt} zone={zone} />
                </span>
                {can.moderate ? <CommentModeration comment={c} data={intent === "hideComment" || intent === "restoreComment" ? failed : undefined} /> : null}
              </li>
            ))}
          </ul>
          {can.comment ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="comment" />
              <ErrorSummary data={errorsFor("comment")} labels={{ body: t("voice.proposal.comment") }} />
              <TextArea name="body" label={t("voice.proposal.addComment")} data={errorsFor("comment")} rows={3} />
              <button type="submit">{t("voice.proposal.postComment")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {can.moderate ? (
        <section aria-labelledby="moderate">
          <h2 id="moderate">{t("voice.proposal.moderation")}</h2>
          {p.hiddenAt ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <button type="submit" className="secondary">
                {t("voice.proposal.showAgain")}
              </button>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="hide" />
              <ErrorSummary data={errorsFor("hide")} labels={{ reason: t("voice.proposal.reason") }} />
              <TextArea name="reason" label={t("voice.proposal.hideReason")} data={errorsFor("hide")} rows={2} />
              <button type="submit" className="danger">
                {t("voice.proposal.hide")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <p>
        <Link to="/proposals">{t("voice.proposal.all")}</Link>
      </p>
    </>
  );
}

/** Beside each comment, for moderators: hide it with a reason members see, or show it again. */
function CommentModeration({ comment, data }: { comment: { id: string; hidden: boolean }; data?: { values?: Record<string, string>; errors?: Record<string, string[] | undefined> } }) {
  const { t, message } = useTexts();
  if (comment.hidden) {
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="restoreComment" />
        <input type="hidden" name="commentId" value={comment.id} />
        <button type="submit" className="secondary">
          {t("voice.proposal.showComment")}
        </button>
      </Form>
    );
  }
  const mine = data?.values?.commentId === comment.id ? data : undefined;
  const fieldId = `reason-${comment.id}`;
  const error = mine?.errors?.reason?.[0] ?? mine?.errors?.commentId?.[0];
  return (
    <details open={Boolean(mine)}>
      <summary>{t("voice.proposal.hideCommentSummary")}</summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="hideComment" />
        <input type="hidden" name="commentId" value={comment.id} />
        <div className="field">
          <label htmlFor={fieldId}>{t("voice.proposal.commentReason")}</label>
          {error ? (
            <span className="error" id={`${fieldId}-error`}>
              {message(error)}
            </span>
          ) : null}
          <textarea id={fieldId} name="reason" rows={2} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} defaultValue={mine?.values?.reason ?? ""} />
        </div>
        <button type="submit" className="danger">
          {t("voice.proposal.hideComment")}
        </button>
      </Form>
    </details>
  );
}
