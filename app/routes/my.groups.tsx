import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { z } from "zod";
import {
  acceptOffer,
  declineOffer,
  undoWithdrawal,
  withdrawalPreview,
  withdrawalUndoState,
  withdrawEnrolment,
} from "~/modules/registration/mutations.server";
import { myCompletionProgress } from "~/modules/completion/queries.server";
import { listMyGroups } from "~/modules/registration/queries.server";
import { myGroupsActionSchema } from "~/modules/registration/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { RegistrationStatus } from "~/ui/registration-status";
import { UndoWithdrawal, WithdrawConfirmation } from "~/ui/registration-withdraw";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "My groups · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const params = new URL(request.url).searchParams;
  const id = (name: string) => {
    const parsed = z.string().uuid().safeParse(params.get(name));
    return parsed.success ? parsed.data : null;
  };
  const now = new Date();
  // ?withdraw=<id>: what withdrawing would do, to confirm; ?undo=<id>: a withdrawal that may be taken back.
  const confirmId = id("withdraw");
  const undoId = id("undo");
  return {
    groups: await listMyGroups(user, now),
    progress: await myCompletionProgress(user, now),
    viewerZone: user.timezone,
    confirm: confirmId ? await withdrawalPreview(user, confirmId) : null,
    undo: undoId ? await withdrawalUndoState(user, undoId, now) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, myGroupsActionSchema);
  if (!form.ok) return formFailure(form);
  const { intent, enrolmentId, confirm } = form.data;
  const options = { baseUrl: appUrl() };
  if (intent === "withdraw" && confirm !== "yes") {
    // Withdrawing is confirmed first, with what it does (a 404 when it is not theirs).
    await withdrawalPreview(user, enrolmentId);
    return redirect(`/my/groups?withdraw=${enrolmentId}#confirm-withdraw`);
  }
  const result = await attempt(form.values, async () => {
    if (intent === "withdraw") await withdrawEnrolment(user, enrolmentId, options);
    else if (intent === "undo-withdraw") await undoWithdrawal(user, enrolmentId, options);
    else if (intent === "accept") await acceptOffer(user, enrolmentId);
    else await declineOffer(user, enrolmentId, options);
  });
  if (!result.ok) return result.response;
  return redirect(intent === "withdraw" ? `/my/groups?done=withdraw&undo=${enrolmentId}` : `/my/groups?done=${intent}`);
}

/** Enrolments that ended with a recorded outcome (they have a discharge summary). */
const ENDED = ["completed", "discharged", "transferred"];

const DONE: Record<string, string> = {
  withdraw: "You have withdrawn. If you held a seat and someone was waiting, it has gone to the next person.",
  "undo-withdraw": "Your withdrawal is undone: you are back in the group.",
  accept: "You accepted the seat. You are enrolled.",
  decline: "You declined the seat; it passes to the next person waiting.",
};

export default function MyGroups() {
  const { groups, progress, viewerZone, confirm, undo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const registered = params.get("registered");
  const current = groups.filter((g) => ["enrolled", "waitlisted", "offered"].includes(g.status));
  const past = groups.filter((g) => !["enrolled", "waitlisted", "offered"].includes(g.status));
  return (
    <>
      <h1>My groups</h1>
      {done && DONE[done] ? <Notice>{DONE[done]}</Notice> : null}
      {undo ? <UndoWithdrawal undo={undo} zone={viewerZone} /> : null}
      {registered ? <Notice>Thank you, you are registered. Here is where you stand.</Notice> : null}
      <ErrorSummary data={data} />
      {current.length === 0 ? (
        <p>
          You are not registered in any group. <Link to="/catalogue">Find a group</Link>.
        </p>
      ) : null}
      {current.map((g) => (
        <article key={g.enrolmentId} className="card" aria-labelledby={`mg-${g.enrolmentId}`}>
          <h2 id={`mg-${g.enrolmentId}`}>{g.groupName}</h2>
          <p>
            <RegistrationStatus status={g.status} position={g.position} />
          </p>
          {g.status === "offered" && g.offerExpiresAt ? (
            <p>
              Seat held for you until <When at={g.offerExpiresAt} zone={viewerZone} />.
            </p>
          ) : null}
          {g.status === "enrolled" && g.nextSession ? (
            <p>
              Next session: <When at={g.nextSession} zone={viewerZone} />
            </p>
          ) : null}
          {g.status === "enrolled" ? (
            <p>
              <Link to={`/my/groups/${g.groupId}`}>
                Sessions, units and materials<span className="visually-hidden"> of {g.groupName}</span>
              </Link>
            </p>
          ) : null}
          {progress[g.enrolmentId] ? (
            <p>
              <strong>Toward completion:</strong> {progress[g.enrolmentId].summary}.
            </p>
          ) : null}
          <p>
            <strong>What happens next:</strong> {g.nextStep}
          </p>
          {g.classmates ? <p className="muted">Also in this group: {g.classmates.length ? g.classmates.join(", ") : "nobody else has agreed to share their name yet"}.</p> : null}
          <div className="row">
            {g.status === "offered" && !g.lapsed ? (
              <>
                <Form method="post">
                  <input type="hidden" name="enrolmentId" value={g.enrolmentId} />
                  <button type="submit" name="intent" value="accept">
                    Accept the seat<span className="visually-hidden"> in {g.groupName}</span>
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="enrolmentId" value={g.enrolmentId} />
                  <button type="submit" name="intent" value="decline" className="secondary">
                    Decline<span className="visually-hidden"> the seat in {g.groupName}</span>
                  </button>
                </Form>
              </>
            ) : null}
            {g.status !== "offered" && confirm?.enrolmentId !== g.enrolmentId ? (
              <Form method="get" preventScrollReset>
                <input type="hidden" name="withdraw" value={g.enrolmentId} />
                <button type="submit" className="secondary">
                  {g.status === "waitlisted" ? "Leave the waitlist" : "Withdraw"}
                  <span className="visually-hidden"> from {g.groupName}</span>
                </button>
              </Form>
            ) : null}
          </div>
          {confirm?.enrolmentId === g.enrolmentId ? <WithdrawConfirmation preview={confirm} /> : null}
        </article>
      ))}
      {past.length ? (
        <section aria-labelledby="past">
          <h2 id="past">Earlier registrations</h2>
          <ul>
            {past.map((g) => (
              <li key={g.enrolmentId}>
                {g.groupName}: <RegistrationStatus status={g.status} /> — {g.nextStep}{" "}
                {ENDED.includes(g.status) ? (
                  <>
                    <Link to={`/enrolments/${g.enrolmentId}/summary`}>Summary<span className="visually-hidden"> of {g.groupName}</span></Link>{" "}
                    {g.status === "completed" ? (
                      <>
                        <a href={`/enrolments/${g.enrolmentId}/certificate.pdf`} download>
                          Certificate (PDF)<span className="visually-hidden"> for {g.groupName}</span>
                        </a>{" "}
                      </>
                    ) : null}
                  </>
                ) : null}
                {g.status !== "removed" ? <Link to={`/groups/${g.groupId}/register`}>Register again<span className="visually-hidden"> for {g.groupName}</span></Link> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/catalogue">Find another group</Link> · <Link to="/my/consents">My consents: what we may share about you</Link> · <Link to="/my/releases">My releases: letters to a court, probation officer or employer</Link>
      </p>
    </>
  );
}
