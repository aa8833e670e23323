import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { openRecord } from "~/modules/competency/records/mutations.server";
import { getMyCompetency } from "~/modules/competency/records/queries.server";
import { CompetencyBadge, type CompetencyCellState } from "~/ui/competency-status";
import { ErrorSummary } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.me.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return getMyCompetency(user, new Date());
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, z.object({ itemId: z.string().uuid("Choose an item.") }));
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => openRecord(user, { userId: user.id, itemId: form.data.itemId }));
  if (!result.ok) return result.response;
  return redirect(`/competency/records/${result.value.id}`);
}

type Entry = { itemId: string; name: string; standard: string; recordId: string | null; state: CompetencyCellState; label: string };

function ItemLine({ entry }: { entry: Entry }) {
  const { t } = useTexts();
  return (
    <li style={{ margin: ".4rem 0" }}>
      {entry.recordId ? <Link to={`/competency/records/${entry.recordId}`}>{entry.name}</Link> : entry.name}
      {entry.standard ? <span className="muted"> ({entry.standard})</span> : null} <CompetencyBadge state={entry.state} label={entry.label} />
      {entry.recordId ? null : (
        <Form method="post" className="inline-form">
          <input type="hidden" name="itemId" value={entry.itemId} />{" "}
          <button type="submit" className="secondary" style={{ minHeight: "32px", padding: ".1rem .5rem" }}>
            {t("competency.me.start")}
            <span className="visually-hidden">{t("competency.me.startFor", { name: entry.name })}</span>
          </button>
        </Form>
      )}
    </li>
  );
}

const GROUP_KIND_LABEL: Record<string, string> = {
  class: "competency.groupKinds.class",
  workshop: "competency.groupKinds.workshop",
  peer_recovery_group: "competency.groupKinds.peerRecoveryGroup",
  drop_in: "competency.groupKinds.dropIn",
};

export default function MyCompetency() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTexts();
  const kindLabel = (k: string) => (GROUP_KIND_LABEL[k] ? t(GROUP_KIND_LABEL[k]) : k);
  return (
    <>
      <h1>{t("competency.me.title")}</h1>
      <ErrorSummary data={failed} />
      <p className="muted">
        {t("competency.me.supervisor", { names: data.supervisors.length ? data.supervisors.join(", ") : t("competency.me.noSupervisor"), today: data.today })}
      </p>
      <section aria-labelledby="expiring">
        <h2 id="expiring">{t("competency.me.expiringTitle")}</h2>
        {data.expiring.length === 0 ? <p>{t("competency.me.nothingExpiring")}</p> : <ul>{data.expiring.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>}
      </section>
      <section aria-labelledby="missing">
        <h2 id="missing">{t("competency.me.missingTitle")}</h2>
        {data.leading.length === 0 ? <p>{t("competency.me.leadNone")}</p> : null}
        {data.leading.map((g) => (
          <div key={g.id}>
            <h3>
              <Link to={`/groups/${g.id}`}>{g.name}</Link> <span className="muted">({kindLabel(g.kind)})</span>
            </h3>
            {g.missing.length === 0 ? <p>{t("competency.me.holdAll")}</p> : <ul>{g.missing.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>}
          </div>
        ))}
      </section>
      {data.proposed.length ? (
        <section aria-labelledby="proposed">
          <h2 id="proposed">{t("competency.me.proposedTitle")}</h2>
          {data.proposed.map((p) => (
            <div key={`${p.groupKind}-${p.groupName}`}>
              <h3>
                {p.groupName} <span className="muted">({kindLabel(p.groupKind)})</span>
              </h3>
              <ul>{p.missing.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>
            </div>
          ))}
        </section>
      ) : null}
      {data.roleGaps.length ? (
        <section aria-labelledby="role">
          <h2 id="role">{t("competency.me.roleTitle")}</h2>
          <ul>{data.roleGaps.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>
        </section>
      ) : null}
      <section aria-labelledby="held">
        <h2 id="held">{t("competency.me.heldTitle")}</h2>
        {data.held.length === 0 ? <p>{t("competency.me.noHeld")}</p> : <ul>{data.held.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>}
        {data.inProgress.length ? (
          <>
            <h3>{t("competency.me.inProgress")}</h3>
            <ul>{data.inProgress.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>
          </>
        ) : null}
      </section>
      {data.supervisees.length ? (
        <section aria-labelledby="supervise">
          <h2 id="supervise">{t("competency.me.superviseTitle")}</h2>
          <ul>
            {data.supervisees.map((p) => (
              <li key={p.id}>
                {p.name}:{" "}
                <Link to={`/competency/observations/new?facilitatorId=${p.id}`}>
                  {t("competency.me.recordObservation")}
                  <span className="visually-hidden">{t("competency.me.observationOf", { name: p.name })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/competency/supervision">{t("competency.me.supervisionLog")}</Link>
        {t(data.supervisees.length ? "competency.me.supervisionLogOthers" : "competency.me.supervisionLogOwn")}
      </p>
    </>
  );
}
