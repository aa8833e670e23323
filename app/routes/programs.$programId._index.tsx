import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { updateProgram } from "~/modules/groups/mutations.server";
import { getProgram } from "~/modules/groups/queries.server";
import { GROUP_KIND_LABELS, programSchema } from "~/modules/groups/schema";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const data = await getProgram(user, parseId(params.programId));
  // This page is for managers, who may open both.
  const links = [
    { href: `/programs/${data.program.id}/logic-model`, label: "Logic model", note: "needs, activities, outputs and outcomes against targets" },
    { href: `/programs/${data.program.id}/rules`, label: "Program rules", note: "" },
    { href: `/programs/${data.program.id}/completion`, label: "Completion criteria", note: "what participants need to complete the program" },
  ];
  return { ...data, links };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const form = await parseForm(request, programSchema);
  if (!form.ok) return formFailure(form);
  await updateProgram(user, programId, form.data);
  return { ok: true as const };
}

export default function ProgramPage() {
  const { program, groups, links } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>{program.name}</h1>
      {data?.ok ? <Notice>The program was saved.</Notice> : null}
      <nav aria-label="About this program">
        <ul>
          {links.map((l) => (
            <li key={l.href}>
              <Link to={l.href}>{l.label}</Link>
              {l.note ? ` (${l.note})` : null}
            </li>
          ))}
        </ul>
      </nav>
      <h2>Groups</h2>
      {groups.length === 0 ? <p>No groups yet.</p> : null}
      <ul>
        {groups.map((g) => (
          <li key={g.id}>
            <Link to={`/groups/${g.id}`}>{g.name}</Link> — {GROUP_KIND_LABELS[g.kind]}, {g.enrolled}/{g.capacity} seats taken
          </li>
        ))}
      </ul>
      <p>
        <Link className="button" to={`/programs/${program.id}/groups/new`}>
          New group
        </Link>
      </p>
      <h2>Edit program</h2>
      <ErrorSummary data={failed} labels={{ name: "Name", purpose: "Purpose", serviceType: "Service type" }} />
      <Form method="post" noValidate>
        <Field name="name" label="Name" defaultValue={program.name} data={failed} />
        <TextArea name="purpose" label="Purpose" defaultValue={program.purpose} data={failed} />
        <Field name="serviceType" label="Service type" defaultValue={program.serviceType} data={failed} />
        <button type="submit">Save program</button>
      </Form>
    </>
  );
}
