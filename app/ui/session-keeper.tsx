import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useTexts } from "~/ui/i18n";
import { heldMessageBox } from "~/ui/submit-guard";

/** Staff sessions end after 30 minutes without a request (auth/policy.ts sessionIsLive); checked a little before. */
const STALE_AFTER_MS = 25 * 60_000;
/** While someone types, the server hears of it at most this often. */
const TYPING_PING_MS = 4 * 60_000;

async function stillSignedIn(): Promise<boolean | null> {
  try {
    const res = await fetch("/keepalive", { credentials: "same-origin", cache: "no-store", redirect: "manual" });
    if (!res.ok) return null;
    const answer = (await res.json()) as { signedIn?: unknown };
    return typeof answer.signedIn === "boolean" ? answer.signedIn : null;
  } catch {
    return null; // offline: the submit guard says so when the form is sent
  }
}

/**
 * For staff, whose sessions end after 30 idle minutes: typing counts as activity (a progress note
 * or an incident can take longer than that to write, and the server sees no request meanwhile), and
 * a form sent after a long pause first asks the server whether the session is still open. If it has
 * ended, nothing is sent and a message beside the button says so — the text stays on the page for
 * the person to save after signing in again in another tab — instead of the post being turned into
 * a sign-in page and the text lost. Without JavaScript the form is sent as before.
 */
export function StaffSessionKeeper() {
  const { t } = useTexts();
  const location = useLocation();
  const lastContact = useRef(Date.now());
  const [box, setBox] = useState<HTMLElement | null>(null);
  const boxRef = useRef<HTMLElement | null>(null);
  const clear = () => {
    boxRef.current?.remove();
    boxRef.current = null;
    setBox(null);
  };
  // Every navigation reached the server.
  useEffect(() => {
    lastContact.current = Date.now();
    return clear;
  }, [location.key]);
  useEffect(() => {
    let pinging = false;
    const onInput = () => {
      if (pinging || Date.now() - lastContact.current < TYPING_PING_MS) return;
      pinging = true;
      void stillSignedIn().then((open) => {
        pinging = false;
        if (open) lastContact.current = Date.now();
      });
    };
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const submitter = event.submitter;
      const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toUpperCase();
      if (method === "GET" || Date.now() - lastContact.current < STALE_AFTER_MS) return;
      // Signing out needs no open session (and asks nothing to be kept).
      if (new URL(submitter?.getAttribute("formaction") ?? form.action, window.location.href).pathname === "/logout") return;
      // Held until the server answers; before the router (and the duplicate-submit guard) see it.
      event.preventDefault();
      event.stopImmediatePropagation();
      void stillSignedIn().then((open) => {
        if (open === false) {
          clear();
          const held = heldMessageBox(form, submitter);
          boxRef.current = held;
          setBox(held);
          return;
        }
        lastContact.current = Date.now();
        if (submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) form.requestSubmit(submitter);
        else form.requestSubmit();
      });
    };
    window.addEventListener("input", onInput, true);
    window.addEventListener("submit", onSubmit, true);
    return () => {
      window.removeEventListener("input", onInput, true);
      window.removeEventListener("submit", onSubmit, true);
    };
  }, []);
  return box
    ? createPortal(
        <p role="alert" className="error-text">
          {t("common.session.signedOutKeepText")}
        </p>,
        box,
      )
    : null;
}
