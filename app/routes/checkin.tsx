import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { selfCheckIn } from "~/modules/attendance/check-in/mutations.server";
import { checkInSchema } from "~/modules/attendance/schema";
import { requireUser } from "~/modules/auth/session.server";
import { CheckedIn } from "~/ui/attendance-checkin";
import { ErrorSummary, Field } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Check in · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: ["participant"] });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, checkInSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => selfCheckIn(user, form.data.code, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const, ...result.value };
}

export default function CheckIn() {
  const data = useActionData<typeof action>();
  if (data?.ok) return <CheckedIn groupName={data.groupName} status={data.status} changed={data.changed} />;
  return (
    <>
      <h1>Check in to your session</h1>
      <p>Enter the code shown on the screen in the room. Check-in is open from 15 minutes before the start to 30 minutes after.</p>
      <ErrorSummary data={data} labels={{ code: "Code" }} />
      <Form method="post" noValidate>
        <Field name="code" label="Code" hint="6 letters and numbers, for example K7M2QX" autoComplete="off" />
        <button type="submit">Check in</button>
      </Form>
      <p>
        <Link to="/my/attendance">My attendance and apologies</Link>
      </p>
    </>
  );
}
