import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listOrganizations } from "~/modules/groups/queries.server";

export const meta: MetaFunction = () => [{ title: "Need help now? · Group Sessions" }];

export async function loader(_: LoaderFunctionArgs) {
  return { organizations: await listOrganizations() };
}

export default function Help() {
  const { organizations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Need help now?</h1>
      <p>
        <strong>If you or someone else is in immediate danger, call 911 (or your local emergency number).</strong>
      </p>
      <p>In the US, call or text 988 (Suicide &amp; Crisis Lifeline), any time.</p>
      <h2>Your organisation&apos;s crisis steps</h2>
      <ul>
        {organizations.map((o) => (
          <li key={o.slug}>
            <Link to={`/o/${o.slug}/crisis`}>{o.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
