import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { searchText } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Check a certificate · Group Sessions" }, { name: "robots", content: "noindex" }];

/** Public: type the code printed on a certificate; the check itself is /verify/:code (rate-limited). */
export async function loader({ request }: LoaderFunctionArgs) {
  const code = searchText(request, "code", 64).replace(/[^A-Za-z0-9-]/g, "");
  if (code) throw redirect(`/verify/${code}`);
  return null;
}

export default function VerifyStart() {
  return (
    <>
      <h1>Check a certificate of completion</h1>
      <Form method="get">
        <label htmlFor="code">Verification code</label>
        <input id="code" name="code" autoComplete="off" required />
        <button type="submit">Check</button>
      </Form>
    </>
  );
}
