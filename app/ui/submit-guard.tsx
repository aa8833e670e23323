import { useFetchers, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useTexts } from "~/ui/i18n";

/** A form submission the router is still sending, or whose answer is not on the page yet. */
type InFlight = { action: string; body: string };

/** An address as the router may write it (with or without its `index` marker), for comparing two. */
function addressOf(location: { pathname: string; search: string }): string {
  const params = new URLSearchParams(location.search);
  params.delete("index");
  const search = params.toString();
  return search ? `${location.pathname}?${search}` : location.pathname;
}

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

/** A form that keeps its own submissions while offline (the roster's save queue) says so with this attribute. */
/** A box for a "not sent" message just before the button of the form that was held (or at the form's end). */
export function heldMessageBox(form: HTMLFormElement, submitter: HTMLElement | null): HTMLElement {
  const box = document.createElement("div");
  box.className = "offline-held";
  if (submitter && form.contains(submitter)) submitter.before(box);
  else form.append(box);
  return box;
}

export const OWN_OFFLINE_HANDLING = { "data-offline": "queue" } as const;

/**
 * A second tap on a form's button while the first submission of the very same fields is still on
 * its way is dropped. On a slow phone connection a tired second tap used to send the form twice
 * (the router abandons the first answer, but the server has already acted on it): a walk-in was
 * added and then refused as "already has a record", a concern or comment could be filed twice.
 * Only identical submissions (same address, same fields, same button) are held back; a changed
 * field, another button or a GET form goes through as before. Without JavaScript nothing changes.
 *
 * With no connection at all, a form is not sent: it used to be replaced by the error page ("Something
 * went wrong"), and what the person had typed was gone. The form stays as it is and a message beside
 * its button says nothing was sent and to send it again once the connection is back.
 */
export function DuplicateSubmitGuard() {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const location = useLocation();
  const { t } = useTexts();
  const inFlight = useRef<InFlight[]>([]);
  /** Where the "not sent" message shows: a box put just before the button of the form that was held. */
  const [heldBox, setHeldBox] = useState<HTMLElement | null>(null);
  const heldRef = useRef<HTMLElement | null>(null);
  const release = () => {
    heldRef.current?.remove();
    heldRef.current = null;
    setHeldBox(null);
  };
  // In flight: the action is still being sent, or it has answered but the answer is not shown yet
  // (a redirect to another address still loading; a fetcher whose data has not come). Once the
  // router shows an action's answer it only reloads the page's data (state "loading" at the same
  // address): the same form sent again then is a person's deliberate second send, not a double tap.
  const navigationInFlight = navigation.state === "submitting" || (navigation.state === "loading" && addressOf(navigation.location) !== addressOf(location));
  inFlight.current = [...(navigationInFlight ? [navigation] : []), ...fetchers.filter((f) => f.state === "submitting" || (f.state === "loading" && f.data === undefined))].flatMap((s) =>
    s.formMethod && s.formMethod.toUpperCase() !== "GET" && s.formAction && s.formData ? [{ action: actionPath(s.formAction), body: serialise(s.formData) }] : [],
  );
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.dataset.offline === "queue") return;
      const submitter = event.submitter;
      const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toUpperCase();
      if (method === "GET") return;
      release();
      if (!navigator.onLine) {
        event.preventDefault();
        event.stopImmediatePropagation();
        const box = heldMessageBox(form, submitter);
        heldRef.current = box;
        setHeldBox(box);
        return;
      }
      if (inFlight.current.length === 0) return;
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
  // Another page: the message belonged to the form left behind.
  useEffect(() => release, [location.key]);
  return heldBox
    ? createPortal(
        <p role="alert" className="error-text">
          {t("common.offline.notSent")}
        </p>,
        heldBox,
      )
    : null;
}
