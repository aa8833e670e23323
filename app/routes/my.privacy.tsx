import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describeAction, ROLE_LABELS } from "~/modules/audit/disclosures";
import { disclosuresFor } from "~/modules/audit/queries.server";
import { requireUser } from "~/modules/auth/session.server";
import { When } from "~/ui/time";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "my.privacy.pageTitle") }];

/**
 * "Who has seen my records" (HIPAA §164.528, 42 CFR Part 2 accounting): every view, export and
 * change of the signed-in person's intake, goals, rosters and evidence by someone else.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { rows, more } = await disclosuresFor(user);
  return {
    more,
    zone: user.timezone,
    organizationName: user.organizationName,
    entries: rows.map((r) => {
      const meaning = describeAction(r.action);
      return {
        id: r.id,
        at: r.at,
        kind: meaning.kind,
        what: meaning.what,
        purpose: meaning.purpose,
        who: r.actor_name,
        role: r.actor_role ? (ROLE_LABELS[r.actor_role] ?? r.actor_role) : null,
        organization: r.organization_name ?? "",
        reason: r.reason,
      };
    }),
  };
}

const KIND_LABELS = { viewed: "my.privacy.kind.viewed", exported: "my.privacy.kind.exported", changed: "my.privacy.kind.changed", sent: "my.privacy.kind.sent" } as const;

export default function MyPrivacy() {
  const { entries, more, zone, organizationName } = useLoaderData<typeof loader>();
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("my.privacy.title")}</h1>
      <p>{t("my.privacy.intro", { organization: organizationName })}</p>
      <p>
        {t("my.privacy.lettersBefore")}
        <Link to="/my/releases">{t("my.privacy.myReleases")}</Link>
        {t("my.privacy.lettersMiddle")}
        <Link to="/my/demographics">{t("my.privacy.aboutMe")}</Link>.
      </p>
      {entries.length === 0 ? <p>{t("my.privacy.nobody")}</p> : null}
      <ol className="disclosures" aria-label={t("my.privacy.listLabel")}>
        {entries.map((e) => (
          <li key={e.id} className="card">
            <p>
              <strong>{t(KIND_LABELS[e.kind])}:</strong> {message(e.what)}
            </p>
            <p>
              {t("my.privacy.by", { who: e.who ?? t("my.privacy.system") })}
              {e.role ? `, ${message(e.role)}` : ""}
              {e.organization ? t("my.privacy.at", { organization: e.organization }) : ""}
            </p>
            <p className="muted">
              <When at={e.at} zone={zone} />
              {t("my.privacy.purpose", { purpose: message(e.purpose) })}
              {e.reason ? t("my.privacy.reason", { reason: e.reason }) : ""}
            </p>
          </li>
        ))}
      </ol>
      {more ? <p className="muted">{t("my.privacy.more", { organization: organizationName })}</p> : null}
    </>
  );
}
