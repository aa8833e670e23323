import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { searchText } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.verify.pageTitle") }, { name: "robots", content: "noindex" }];

/** Public: type the code printed on a certificate; the check itself is /verify/:code (rate-limited). */
export async function loader({ request }: LoaderFunctionArgs) {
  const code = searchText(request, "code", 64).replace(/[^A-Za-z0-9-]/g, "");
  if (code) throw redirect(`/verify/${code}`);
  return null;
}

export default function VerifyStart() {
  const { t } = useTexts();
  return (
    <>
      <h1>{t("participant.verify.title")}</h1>
      <Form method="get">
        <label htmlFor="code">{t("participant.verify.code")}</label>
        <input id="code" name="code" autoComplete="off" required />
        <button type="submit">{t("participant.verify.check")}</button>
      </Form>
    </>
  );
}
