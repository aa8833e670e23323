import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createProgram } from "~/modules/groups/mutations.server";
import { programSchema } from "~/modules/groups/schema";
import { ErrorSummary, Field, TextArea } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "New program · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: MANAGING_ROLES });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, programSchema);
  if (!form.ok) return formFailure(form);
  const program = await createProgram(user, form.data);
  return redirect(`/programs/${program.id}`);
}

export default function NewProgram() {
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>New program</h1>
      <ErrorSummary data={data} labels={{ name: "Name", purpose: "Purpose", serviceType: "Service type" }} />
      <Form method="post" noValidate>
        <Field name="name" label="Name" data={data} />
        <TextArea name="purpose" label="Purpose" hint="What the program is for, in a sentence or two." data={data} />
        <Field name="serviceType" label="Service type" hint="For example: coaching, support and education." data={data} />
        <button type="submit">Create program</button>
      </Form>
    </>
  );
}
