import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { listProposals } from "~/modules/voice/proposals/queries.server";
import { When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { OUTCOME_KEY, TOPIC_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.proposals.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { proposals: await listProposals(user, new Date()), zone: user.timezone, me: user.id };
}

export default function Proposals() {
  const { proposals, zone, me } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  const open = proposals.filter((p) => p.open);
  const rest = proposals.filter((p) => !p.open);
  const Item = ({ p }: { p: (typeof proposals)[number] }) => (
    <li className="card">
      <strong>
        <Link to={`/proposals/${p.id}`}>{p.title}</Link>
      </strong>
      <br />
      <span className="muted">
        {t(TOPIC_KEY[p.topic])} · {p.groupName ?? t("voice.proposals.wholeProgram", { program: p.programName })} · {t("voice.proposals.votes", { count: p.votes })}
      </span>
      <br />
      {p.hiddenAt ? (
        <span className="status status-cancelled">{p.proposerId === me ? t("voice.proposals.hiddenWithReason", { reason: p.hiddenReason }) : t("voice.proposals.hidden")}</span>
      ) : p.outcome ? (
        <>
          <span className="status status-held">{t("voice.proposals.decided", { outcome: t(OUTCOME_KEY[p.outcome]) })}</span>
          {p.decisionText ? <span> — {p.decisionText}</span> : null}
        </>
      ) : p.open ? (
        <span>
          {t("voice.proposals.closes")}<When at={p.closesAt} zone={zone} />
        </span>
      ) : (
        <span>{t("voice.proposals.waiting")}</span>
      )}
    </li>
  );
  return (
    <>
      <h1>{t("voice.proposals.title")}</h1>
      <p>{t("voice.proposals.intro")}</p>
      <p>
        <Link className="button" to="/proposals/new">
          {t("voice.proposals.make")}
        </Link>
      </p>
      <h2>{t("voice.proposals.open")}</h2>
      {open.length === 0 ? <p>{t("voice.proposals.noneOpen")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {open.map((p) => (
          <Item key={p.id} p={p} />
        ))}
      </ul>
      <h2>{t("voice.proposals.closed")}</h2>
      {rest.length === 0 ? <p>{t("voice.proposals.noneYet")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {rest.map((p) => (
          <Item key={p.id} p={p} />
        ))}
      </ul>
    </>
  );
}
