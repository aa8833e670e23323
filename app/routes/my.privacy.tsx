import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describeAction, ROLE_LABELS } from "~/modules/audit/disclosures";
import { disclosuresFor } from "~/modules/audit/queries.server";
import { requireUser } from "~/modules/auth/session.server";
import { When } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Who has seen my records · Group Sessions" }];

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
        who: r.actor_name ?? "The system",
        role: r.actor_role ? (ROLE_LABELS[r.actor_role] ?? r.actor_role) : null,
        organization: r.organization_name ?? "",
        reason: r.reason,
      };
    }),
  };
}

const KIND_LABELS = { viewed: "Viewed", exported: "Downloaded", changed: "Changed", sent: "Sent outside the organisation" } as const;

export default function MyPrivacy() {
  const { entries, more, zone, organizationName } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Who has seen my records</h1>
      <p>
        Every time staff open, download or change your intake answers, goals, group rosters or reports that name you, it is recorded here: who, their role, the
        organisation, when and why. Your own actions are not listed. If something looks wrong, ask {organizationName} — you can also ask for a written copy.
      </p>
      <p>
        Letters sent outside the organisation under a release you signed are marked &ldquo;Sent outside the organisation&rdquo;; <Link to="/my/releases">My releases</Link> shows
        each one with its recipient and what it shared. Your optional answers about yourself (age, gender, race and ethnicity, language, ZIP code, veteran
        status) are on <Link to="/my/demographics">About me</Link>.
      </p>
      {entries.length === 0 ? <p>Nobody else has opened your records yet.</p> : null}
      <ol className="disclosures" aria-label="Views, downloads and changes, newest first">
        {entries.map((e) => (
          <li key={e.id} className="card">
            <p>
              <strong>{KIND_LABELS[e.kind]}:</strong> {e.what}
            </p>
            <p>
              By {e.who}
              {e.role ? `, ${e.role}` : ""}
              {e.organization ? ` at ${e.organization}` : ""}
            </p>
            <p className="muted">
              <When at={e.at} zone={zone} /> · Purpose: {e.purpose}
              {e.reason ? ` · Reason given: ${e.reason}` : ""}
            </p>
          </li>
        ))}
      </ol>
      {more ? <p className="muted">Only the 500 most recent entries are shown. Ask {organizationName} for the full list.</p> : null}
    </>
  );
}
