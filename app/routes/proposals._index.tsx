import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { listProposals } from "~/modules/voice/proposals/queries.server";
import { OUTCOME_LABELS, PROPOSAL_TOPIC_LABELS } from "~/modules/voice/schema";
import { When } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Proposals · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { proposals: await listProposals(user, new Date()), zone: user.timezone, me: user.id };
}

export default function Proposals() {
  const { proposals, zone, me } = useLoaderData<typeof loader>();
  const open = proposals.filter((p) => p.open);
  const rest = proposals.filter((p) => !p.open);
  const Item = ({ p }: { p: (typeof proposals)[number] }) => (
    <li className="card">
      <strong>
        <Link to={`/proposals/${p.id}`}>{p.title}</Link>
      </strong>
      <br />
      <span className="muted">
        {PROPOSAL_TOPIC_LABELS[p.topic]} · {p.groupName ?? `whole program: ${p.programName}`} · {p.votes} votes
      </span>
      <br />
      {p.hiddenAt ? (
        <span className="status status-cancelled">Hidden by a moderator{p.proposerId === me ? `: ${p.hiddenReason}` : ""}</span>
      ) : p.outcome ? (
        <>
          <span className="status status-held">Decided: {OUTCOME_LABELS[p.outcome]}</span>
          {p.decisionText ? <span> — {p.decisionText}</span> : null}
        </>
      ) : p.open ? (
        <span>
          Voting closes <When at={p.closesAt} zone={zone} />
        </span>
      ) : (
        <span>Voting closed; waiting for the decision</span>
      )}
    </li>
  );
  return (
    <>
      <h1>Proposals and decisions</h1>
      <p>Suggest a change to your group&apos;s rules, topics, format, times or place, and vote on what others propose.</p>
      <p>
        <Link className="button" to="/proposals/new">
          Make a proposal
        </Link>
      </p>
      <h2>Open for voting</h2>
      {open.length === 0 ? <p>No proposal is open for voting right now.</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {open.map((p) => (
          <Item key={p.id} p={p} />
        ))}
      </ul>
      <h2>Closed and decided</h2>
      {rest.length === 0 ? <p>None yet.</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {rest.map((p) => (
          <Item key={p.id} p={p} />
        ))}
      </ul>
    </>
  );
}
