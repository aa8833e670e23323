import { useFetchers, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** A form submission the router is still sending (or whose answer it is still loading). */
type InFlight = { action: string; body: string };

/** The form's fields as one comparable string, the pressed button's name and value included. */
function serialise(data: FormData): string {
  const pairs: string[] = [];
  data.forEach((value, key) => pairs.push(`${key}=${typeof value === "string" ? value : `file:${value.name}:${value.size}`}`));
  // Sorted: the router may place the pressed button's value elsewhere than the browser does.
  return pairs.sort().join("&");
}

/** The submission's path, without the `?index` the router adds for index routes. */
function actionPath(action: string): string {
  return new URL(action, window.location.href).pathname;
}

function submittedData(form: HTMLFormElement, submitter: HTMLElement | null): FormData {
  try {
    return new FormData(form, submitter);
  } catch {
    // Browsers without the submitter argument: add the pressed button by hand.
    const data = new FormData(form);
    const name = submitter?.getAttribute("name");
    if (name) data.append(name, submitter?.getAttribute("value") ?? "");
    return data;
  }
}

/**
 * A second tap on a form's button while the first submission of the very same fields is still on
 * its way is dropped. On a slow phone connection a tired second tap used to send the form twice
 * (the router abandons the first answer, but the server has already acted on it): a walk-in was
 * added and then refused as "already has a record", a concern or comment could be filed twice.
 * Only identical submissions (same address, same fields, same button) are held back; a changed
 * field, another button or a GET form goes through as before. Without JavaScript nothing changes.
 */
export function DuplicateSubmitGuard() {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const inFlight = useRef<InFlight[]>([]);
  inFlight.current = [navigation, ...fetchers].flatMap((s) =>
    s.state !== "idle" && s.formMethod && s.formMethod.toUpperCase() !== "GET" && s.formAction && s.formData
      ? [{ action: actionPath(s.formAction), body: serialise(s.formData) }]
      : [],
  );
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || inFlight.current.length === 0) return;
      const submitter = event.submitter;
      const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toUpperCase();
      if (method === "GET") return;
      const action = actionPath(submitter?.getAttribute("formaction") ?? form.getAttribute("action") ?? window.location.href);
      const body = serialise(submittedData(form, submitter));
      if (inFlight.current.some((s) => s.action === action && s.body === body)) {
        // Before the router's own listener (on the document) sees it, and without a native submission.
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    window.addEventListener("submit", onSubmit, true);
    return () => window.removeEventListener("submit", onSubmit, true);
  }, []);
  return null;
}
