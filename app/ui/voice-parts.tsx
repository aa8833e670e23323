import { Link } from "@remix-run/react";
import type { ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";
import { useTexts } from "~/ui/i18n";
import { CONCERN_STATUS_KEY } from "~/ui/voice-labels";

type Summary =
  | { withheld: true; reason: string }
  | {
      withheld: false;
      responses: number;
      questions: { questionId: string; prompt: string; answered: number; average: number | null; distribution: number[] }[];
      comments: { text: string; name: string | null }[];
    };

/** A 1–5 rating as a group of large radio buttons (works without JavaScript, fits a phone). */
export function RatingField({ id, prompt, data }: { id: string; prompt: string; data?: ActionErrors }) {
  const name = `q_${id}`;
  const error = data?.errors?.[name]?.[0];
  const chosen = data?.values?.[name];
  const { t, message } = useTexts();
  return (
    <fieldset id={name} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{prompt}</legend>
      <p className="hint muted" style={{ margin: "0 0 .25rem" }}>
        {t("voice.feedback.scale")}
      </p>
      {error ? (
        <p className="error" id={`${name}-error`}>
          {message(error)}
        </p>
      ) : null}
      <div className="checks">
        {[1, 2, 3, 4, 5].map((v) => (
          <label key={v} style={{ minWidth: "2.75rem", minHeight: "44px" }}>
            <input type="radio" name={name} value={v} defaultChecked={chosen === String(v)} style={{ width: "1.4rem", height: "1.4rem" }} />
            {v}
            {v === 1 ? <span className="visually-hidden">{t("voice.feedback.notAtAll")}</span> : v === 5 ? <span className="visually-hidden">{t("voice.feedback.veryMuch")}</span> : null}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A feedback summary; withheld ones say why and show nothing else. */
export function FeedbackSummaryView({ summary, headingLevel = 3 }: { summary: Summary; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? "h3" : "h4";
  const { t, message } = useTexts();
  if (summary.withheld) return <p className="muted">{message(summary.reason)}</p>;
  return (
    <>
      <p>{t("voice.summary.responses", { count: summary.responses })}</p>
      <div className="table-scroll" role="region" aria-label={t("voice.summary.caption")} tabIndex={0}>
        <table>
        <caption className="visually-hidden">{t("voice.summary.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("voice.summary.question")}</th>
            <th scope="col">{t("voice.summary.average")}</th>
            <th scope="col">{t("voice.summary.ratings")}</th>
          </tr>
        </thead>
        <tbody>
          {summary.questions.map((q) => (
            <tr key={q.questionId}>
              <td>{q.prompt}</td>
              <td>{q.average === null ? t("voice.summary.withheld") : q.average.toFixed(2)}</td>
              <td>{q.average === null ? "—" : q.distribution.join(" / ")}</td>
            </tr>
          ))}
        </tbody>
        </table>
      </div>
      <H>{t("voice.summary.comments")}</H>
      {summary.comments.length === 0 ? <p className="muted">{t("voice.summary.noComments")}</p> : null}
      <ul>
        {summary.comments.map((c, i) => (
          <li key={i}>
            “{c.text}” <span className="muted">— {c.name ?? t("voice.summary.anonymous")}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export type ChangeItem = {
  id: string;
  youSaid: string;
  weDid: string;
  publishedAt: string | Date;
  groupName: string | null;
  programName: string | null;
  proposalId: string | null;
  proposalTitle: string | null;
  fromConcern: boolean;
  feedbackGroupName: string | null;
};

/** "You said, we did" entries, each with what prompted it. */
export function ChangeList({ changes, zone, headingLevel = 3 }: { changes: ChangeItem[]; zone: string; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? "h3" : "h4";
  const { t } = useTexts();
  if (changes.length === 0) return <p className="muted">{t("my.home.voice.nothingYet")}</p>;
  return (
    <ul style={{ listStyle: "none", padding: 0 }}>
      {changes.map((c) => (
        <li key={c.id} className="card">
          <H style={{ margin: "0 0 .25rem", fontSize: "1rem" }}>{t("my.home.voice.youSaid", { text: c.youSaid })}</H>
          <p style={{ margin: "0 0 .25rem" }}>
            <strong>{t("my.home.voice.weDid")}</strong> {c.weDid}
          </p>
          <p className="muted" style={{ margin: 0, fontSize: ".9rem" }}>
            {c.groupName ?? c.programName ?? t("my.home.voice.wholeOrganisation")} · <When at={c.publishedAt} zone={zone} />
            {c.proposalId ? (
              <>
                {" "}
                · {t("my.home.voice.fromProposal")} <Link to={`/proposals/${c.proposalId}`}>{c.proposalTitle}</Link>
              </>
            ) : null}
            {c.fromConcern ? <> · {t("my.home.voice.fromConcern")}</> : null}
            {c.feedbackGroupName ? <> · {t("my.home.voice.fromFeedback", { group: c.feedbackGroupName })}</> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ratingErrorLabels(questions: { id: string; prompt: string }[]): Record<string, string> {
  return Object.fromEntries(questions.map((q) => [`q_${q.id}`, q.prompt]));
}

type ConcernView = {
  summary: string;
  body: string;
  subject: string;
  status: "received" | "in_review" | "responded" | "closed";
  receivedAt: string | Date;
  groupName: string | null;
  programName: string | null;
  facilitatorName: string | null;
  sessionStartsAt: string | Date | null;
  messages: { id: string; author: "submitter" | "staff"; body: string; createdAt: string | Date; staffName: string | null }[];
};

/** A concern and its conversation. */
export function ConcernThread({ concern: c, zone, submitterLabel }: { concern: ConcernView; zone: string; submitterLabel: string }) {
  const { t } = useTexts();
  return (
    <>
      <p>
        {t("voice.thread.status")}
        <strong>{t(CONCERN_STATUS_KEY[c.status])}</strong>
        {t("voice.thread.received")}
        <When at={c.receivedAt} zone={zone} />
      </p>
      <p className="muted">
        {t("voice.thread.about")}
        {c.facilitatorName ? t("voice.thread.facilitator", { name: c.facilitatorName }) : null}
        {c.groupName ? t("voice.thread.group", { name: c.groupName }) : null}
        {c.sessionStartsAt ? (
          <>
            {t("voice.thread.session")}
            <When at={c.sessionStartsAt} zone={zone} />
          </>
        ) : null}
        {!c.groupName && !c.facilitatorName && c.programName ? t("voice.thread.program", { name: c.programName }) : null}
      </p>
      <div className="card">
        <p style={{ margin: 0, whiteSpace: "pre-wrap" }}>{c.body}</p>
        <span className="muted">— {submitterLabel}</span>
      </div>
      <h2>{t("voice.thread.conversation")}</h2>
      {c.messages.length === 0 ? <p>{t("voice.thread.noReplies")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {c.messages.map((m) => (
          <li key={m.id} className="card" style={m.author === "staff" ? { borderLeft: "4px solid #1d4ed8" } : undefined}>
            <p style={{ margin: 0, whiteSpace: "pre-wrap" }}>{m.body}</p>
            <span className="muted">
              — {m.author === "staff" ? t("voice.thread.staff", { name: m.staffName ?? t("voice.thread.staffName") }) : submitterLabel}, <When at={m.createdAt} zone={zone} />
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
