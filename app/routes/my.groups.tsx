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
import { progressText } from "~/ui/completion-texts";
import { useTexts, pageTitle } from "~/ui/i18n";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "my.groups.pageTitle") }];

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
  const [groups, progress, confirm, undo] = await Promise.all([
    listMyGroups(user, now),
    myCompletionProgress(user, now),
    confirmId ? withdrawalPreview(user, confirmId) : null,
    undoId ? withdrawalUndoState(user, undoId, now) : null,
  ]);
  return { groups, progress, viewerZone: user.timezone, confirm, undo };
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
  withdraw: "my.groups.done.withdraw",
  "undo-withdraw": "my.groups.done.undo",
  accept: "my.groups.done.accept",
  decline: "my.groups.done.decline",
};

export default function MyGroups() {
  const { groups, progress, viewerZone, confirm, undo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const registered = params.get("registered");
  const current = groups.filter((g) => ["enrolled", "waitlisted", "offered"].includes(g.status));
  const past = groups.filter((g) => !["enrolled", "waitlisted", "offered"].includes(g.status));
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("my.groups.title")}</h1>
      {lookup(DONE, done) ? <Notice>{t(lookup(DONE, done)!)}</Notice> : null}
      {undo ? <UndoWithdrawal undo={undo} zone={viewerZone} /> : null}
      {registered ? <Notice>{t("my.groups.registered")}</Notice> : null}
      <ErrorSummary data={data} />
      {current.length === 0 ? (
        <p>
          {t("my.groups.none")}
          <Link to="/catalogue">{t("my.groups.findGroup")}</Link>.
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
              {t("my.groups.heldUntil")}
              <When at={g.offerExpiresAt} zone={viewerZone} />.
            </p>
          ) : null}
          {g.status === "enrolled" && g.nextSession ? (
            <p>
              {t("my.groups.nextSession")}
              <When at={g.nextSession} zone={viewerZone} />
            </p>
          ) : null}
          {g.status === "enrolled" ? (
            <p>
              <Link to={`/my/groups/${g.groupId}`}>
                {t("my.groups.materials")}
                <span className="visually-hidden">{t("my.groups.ofGroup", { group: g.groupName })}</span>
              </Link>
            </p>
          ) : null}
          {progress[g.enrolmentId] ? (
            <p>
              <strong>{t("my.groups.towardCompletion")}</strong> {progressText(t, progress[g.enrolmentId].progress)}.
            </p>
          ) : null}
          <p>
            <strong>{t("my.groups.whatNext")}</strong> {message(g.nextStep)}
          </p>
          {g.classmates ? (
            <p className="muted">{t("my.groups.alsoIn", { names: g.classmates.length ? g.classmates.join(", ") : t("my.groups.nobodyShared") })}</p>
          ) : null}
          <div className="row">
            {g.status === "offered" && !g.lapsed ? (
              <>
                <Form method="post">
                  <input type="hidden" name="enrolmentId" value={g.enrolmentId} />
                  <button type="submit" name="intent" value="accept">
                    {t("my.groups.accept")}
                    <span className="visually-hidden">{t("my.groups.inGroup", { group: g.groupName })}</span>
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="enrolmentId" value={g.enrolmentId} />
                  <button type="submit" name="intent" value="decline" className="secondary">
                    {t("my.groups.decline")}
                    <span className="visually-hidden">{t("my.groups.theSeatIn", { group: g.groupName })}</span>
                  </button>
                </Form>
              </>
            ) : null}
            {g.status !== "offered" && confirm?.enrolmentId !== g.enrolmentId ? (
              <Form method="get" preventScrollReset>
                <input type="hidden" name="withdraw" value={g.enrolmentId} />
                <button type="submit" className="secondary">
                  {g.status === "waitlisted" ? t("my.groups.leaveWaitlist") : t("my.groups.withdraw")}
                  <span className="visually-hidden">{t("my.groups.fromGroup", { group: g.groupName })}</span>
                </button>
              </Form>
            ) : null}
          </div>
          {confirm?.enrolmentId === g.enrolmentId ? <WithdrawConfirmation preview={confirm} /> : null}
        </article>
      ))}
      {past.length ? (
        <section aria-labelledby="past">
          <h2 id="past">{t("my.groups.earlier")}</h2>
          <ul>
            {past.map((g) => (
              <li key={g.enrolmentId}>
                {g.groupName}: <RegistrationStatus status={g.status} /> — {message(g.nextStep)}{" "}
                {ENDED.includes(g.status) ? (
                  <>
                    <Link to={`/enrolments/${g.enrolmentId}/summary`}>
                      {t("my.groups.summary")}
                      <span className="visually-hidden">{t("my.groups.ofGroup", { group: g.groupName })}</span>
                    </Link>{" "}
                    {g.status === "completed" ? (
                      <>
                        <a href={`/enrolments/${g.enrolmentId}/certificate.pdf`} download>
                          {t("my.groups.certificate")}
                          <span className="visually-hidden">{t("my.groups.forGroup", { group: g.groupName })}</span>
                        </a>{" "}
                      </>
                    ) : null}
                  </>
                ) : null}
                {g.status !== "removed" ? (
                  <Link to={`/groups/${g.groupId}/register`}>
                    {t("my.groups.registerAgain")}
                    <span className="visually-hidden">{t("my.groups.forGroup", { group: g.groupName })}</span>
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/catalogue">{t("my.groups.findAnother")}</Link> · <Link to="/my/consents">{t("my.groups.myConsents")}</Link> ·{" "}
        <Link to="/my/releases">{t("my.groups.myReleases")}</Link>
      </p>
    </>
  );
}
