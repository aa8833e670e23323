import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { castVote, commentOnProposal, decideProposal, editProposal, moderateComment, moderateProposal } from "~/modules/voice/proposals/mutations.server";
import { getProposal } from "~/modules/voice/proposals/queries.server";
import { OUTCOME_LABELS, PROPOSAL_TOPIC_LABELS, proposalActionSchema } from "~/modules/voice/schema";
import { AGREE_LABELS } from "~/modules/voice/tally";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await getProposal(user, parseId(params.proposalId), new Date())), zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.proposalId);
  const now = new Date();
  const { secret } = await getProposal(user, id, now); // 404 unless the user may see it
  const form = await parseForm(request, proposalActionSchema);
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
    return decideProposal(user, id, d, now, appUrl());
  });
  if (!result.ok) return result.response;
  const done = {
    vote: secret ? "Your vote is cast. Secret ballots are final: it is stored without your name." : "Your vote is saved. You can change it until voting closes.",
    comment: "Your comment is posted.", hide: "The proposal is hidden.", restore: "The proposal is visible again.", decide: "The decision is recorded.",
    hideComment: "The comment is hidden.", restoreComment: "The comment is shown again.",
    edit: "Your proposal is reworded. A moderator will look at it again and can show it to the group." };
  return { ok: true as const, message: done[d.intent] };
}

const label = (c: string) => AGREE_LABELS[c as keyof typeof AGREE_LABELS] ?? c;

export default function ProposalPage() {
  const { proposal: p, open, votingState, choices, myVote, voted, secret, voteCount, tally, voters, comments, rules, can, isProposer, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const intent = failed?.values?.intent;
  const errorsFor = (i: string) => (intent === i ? failed : undefined);
  return (
    <>
      <h1>{p.title}</h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <p className="muted">
        {PROPOSAL_TOPIC_LABELS[p.topic]} · {p.groupName ? <Link to={`/groups/${p.groupId}`}>{p.groupName}</Link> : `whole program: ${p.programName}`} ·
        proposed by {p.proposerName} · {p.anonymousVotes ? "secret ballot" : "open ballot (names shown after closing)"}
      </p>
      {p.hiddenAt ? (
        <div className="error-summary" role="status">
          <h2>Hidden by a moderator</h2>
          <p>{isProposer || can.moderate ? `Reason: ${p.hiddenReason}` : "This proposal is hidden."}</p>
          {p.editedAt ? (
            <p>
              Reworded by the proposer <When at={p.editedAt} zone={zone} />.
            </p>
          ) : null}
        </div>
      ) : null}
      {can.edit ? (
        <section aria-labelledby="reword">
          <h2 id="reword">Reword your proposal</h2>
          <p>Change what the moderator asked about. It stays hidden until a moderator shows it again.</p>
          <ErrorSummary data={errorsFor("edit")} labels={{ title: "Title", description: "Description" }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <Field name="title" label="Title" defaultValue={p.title} data={errorsFor("edit")} />
            <TextArea name="description" label="Description" defaultValue={p.description} data={errorsFor("edit")} rows={4} />
            <button type="submit">Save the new wording</button>
          </Form>
        </section>
      ) : null}
      <p style={{ whiteSpace: "pre-wrap" }}>{p.description}</p>
      {p.voting === "options" ? <p>Options: {p.options.join(" · ")}</p> : null}
      <p>
        {open ? (
          <>
            Voting closes <When at={p.closesAt} zone={zone} />. {voteCount} votes so far; results are shown when voting closes.
          </>
        ) : votingState === "paused" ? (
          <>
            Voting is paused while a moderator has this proposal hidden (it is due to close <When at={p.closesAt} zone={zone} />).
          </>
        ) : (
          <>
            Voting closed <When at={p.closesAt} zone={zone} />.
          </>
        )}
      </p>
      {secret && voted && open ? (
        <section aria-labelledby="vote">
          <h2 id="vote">Your vote</h2>
          <p>You have voted. This is a secret ballot: your choice is stored without your name, so nobody — not even you — can see or change it.</p>
        </section>
      ) : null}
      {can.vote ? (
        <section aria-labelledby="vote">
          <h2 id="vote">Your vote</h2>
          {secret ? <p>This is a secret ballot: your choice is stored without your name, so it is final once cast.</p> : null}
          {myVote ? <p>You voted: {label(myVote)}. You can change your vote until voting closes.</p> : null}
          <ErrorSummary data={errorsFor("vote")} labels={{ choice: "Your vote" }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="vote" />
            <fieldset id="choice">
              <legend>Your vote</legend>
              <div className="checks">
                {choices.map((c) => (
                  <label key={c} style={{ minHeight: "44px" }}>
                    <input type="radio" name="choice" value={c} defaultChecked={myVote === c} /> {label(c)}
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="submit">{myVote ? "Change my vote" : "Vote"}</button>
          </Form>
        </section>
      ) : null}
      {tally ? (
        <section aria-labelledby="results">
          <h2 id="results">Results</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col">Votes</th>
                {voters ? <th scope="col">Who</th> : null}
              </tr>
            </thead>
            <tbody>
              {tally.choices.map((c) => (
                <tr key={c.choice}>
                  <td>{label(c.choice)}</td>
                  <td>{c.votes}</td>
                  {voters ? <td>{voters.find((v) => v.choice === c.choice)?.names.join(", ") || "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
          <p>{tally.total === 1 ? "1 person" : `${tally.total} people`} voted.</p>
        </section>
      ) : null}
      {p.decidedAt && p.outcome ? (
        <section aria-labelledby="decision">
          <h2 id="decision">Decision: {OUTCOME_LABELS[p.outcome]}</h2>
          <p>{p.decisionText}</p>
          <p>
            <strong>Why:</strong> {p.rationale}
          </p>
          <p className="muted">
            Recorded <When at={p.decidedAt} zone={zone} />.
          </p>
          {rules.map((r) => (
            <p key={r.targetId + r.version}>
              Adopted as <Link to={r.scope === "group" ? `/groups/${r.targetId}/rules` : `/programs/${r.targetId}/rules`}>rules version {r.version}</Link>.
            </p>
          ))}
        </section>
      ) : null}
      {can.decide ? (
        <section aria-labelledby="decide">
          <h2 id="decide">Record the decision</h2>
          <ErrorSummary data={errorsFor("decide")} labels={{ outcome: "Outcome", decisionText: "What was decided", rationale: "Why", rulesBody: "New rules", changeSummary: "What changed" }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <Select name="outcome" label="Outcome" options={Object.entries(OUTCOME_LABELS).map(([value, l]) => ({ value, label: l }))} data={errorsFor("decide")} />
            <TextArea name="decisionText" label="What was decided" data={errorsFor("decide")} rows={2} />
            <TextArea name="rationale" label="Why (participants see this)" data={errorsFor("decide")} rows={3} />
            {can.publishRules ? (
              <>
                <TextArea name="rulesBody" label="New rules, in full (optional)" hint="To publish adopted rules on the rules page as a new version." data={errorsFor("decide")} rows={6} />
                <TextArea name="changeSummary" label="What changed in the rules" data={errorsFor("decide")} rows={2} />
              </>
            ) : null}
            <button type="submit">Record decision</button>
          </Form>
        </section>
      ) : null}
      {!p.hiddenAt ? (
        <section aria-labelledby="discussion">
          <h2 id="discussion">Discussion</h2>
          {comments.length === 0 ? <p>No comments yet.</p> : null}
          <ul style={{ listStyle: "none", padding: 0 }}>
            {comments.map((c) => (
              <li key={c.id} className="card" id={`comment-${c.id}`}>
                {c.hidden ? <p style={{ margin: 0 }}>Hidden by a moderator: {c.hiddenReason}</p> : null}
                {c.body ? (
                  <p style={{ margin: 0, whiteSpace: "pre-wrap" }} className={c.hidden ? "muted" : undefined}>
                    {c.body}
                  </p>
                ) : null}
                <span className="muted">
                  {c.authorName ?? "a former member"}, <When at={c.createdAt} zone={zone} />
                </span>
                {can.moderate ? <CommentModeration comment={c} data={intent === "hideComment" || intent === "restoreComment" ? failed : undefined} /> : null}
              </li>
            ))}
          </ul>
          {can.comment ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="comment" />
              <ErrorSummary data={errorsFor("comment")} labels={{ body: "Comment" }} />
              <TextArea name="body" label="Add a comment" data={errorsFor("comment")} rows={3} />
              <button type="submit">Post comment</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {can.moderate ? (
        <section aria-labelledby="moderate">
          <h2 id="moderate">Moderation</h2>
          {p.hiddenAt ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <button type="submit" className="secondary">
                Show the proposal again
              </button>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="hide" />
              <ErrorSummary data={errorsFor("hide")} labels={{ reason: "Reason" }} />
              <TextArea name="reason" label="Reason for hiding (the proposer sees it)" data={errorsFor("hide")} rows={2} />
              <button type="submit" className="danger">
                Hide proposal
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <p>
        <Link to="/proposals">All proposals</Link>
      </p>
    </>
  );
}

/** Beside each comment, for moderators: hide it with a reason members see, or show it again. */
function CommentModeration({ comment, data }: { comment: { id: string; hidden: boolean }; data?: { values?: Record<string, string>; errors?: Record<string, string[] | undefined> } }) {
  if (comment.hidden) {
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="restoreComment" />
        <input type="hidden" name="commentId" value={comment.id} />
        <button type="submit" className="secondary">
          Show this comment again
        </button>
      </Form>
    );
  }
  const mine = data?.values?.commentId === comment.id ? data : undefined;
  const fieldId = `reason-${comment.id}`;
  const error = mine?.errors?.reason?.[0] ?? mine?.errors?.commentId?.[0];
  return (
    <details open={Boolean(mine)}>
      <summary>Hide this comment</summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="hideComment" />
        <input type="hidden" name="commentId" value={comment.id} />
        <div className="field">
          <label htmlFor={fieldId}>Reason (members see it)</label>
          {error ? (
            <span className="error" id={`${fieldId}-error`}>
              {error}
            </span>
          ) : null}
          <textarea id={fieldId} name="reason" rows={2} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} defaultValue={mine?.values?.reason ?? ""} />
        </div>
        <button type="submit" className="danger">
          Hide comment
        </button>
      </Form>
    </details>
  );
}
