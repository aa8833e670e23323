import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useLayoutEffect } from "react";
import { hydrateRoot } from "react-dom/client";
import { hasLanguage, loadLanguage } from "~/i18n/catalog";
import { languageOf, localeOf } from "~/i18n/locales";

/**
 * Until React has hydrated the page, a tap, a key or a submit is the browser's, as on a page
 * without scripts (a form is sent, a link followed, a letter typed). React would otherwise answer
 * such an event by hydrating the whole document at once, in the middle of the hydration it runs in
 * a transition; when that forced render cannot finish, React throws "Root did not complete"
 * (minified error #345) from the event — seen on Spanish pages tapped right after loading on a busy
 * machine, whose hydration starts later (their texts load first). These are the events React does
 * that for (react-dom's discreteReplayableEvents); they are stopped at the window, before React's
 * listeners on the document, and their default action is kept.
 */
const HYDRATING_EVENTS = [
  "mousedown", "mouseup", "touchcancel", "touchend", "touchstart", "auxclick", "dblclick", "pointercancel", "pointerdown", "pointerup",
  "dragend", "dragstart", "drop", "compositionend", "compositionstart", "keydown", "keypress", "keyup", "input", "textInput",
  "copy", "cut", "paste", "click", "change", "contextmenu", "reset", "submit",
];
const leaveToTheBrowser = (event: Event) => event.stopPropagation();
for (const type of HYDRATING_EVENTS) window.addEventListener(type, leaveToTheBrowser, true);

/** Renders nothing; once the whole document is hydrated (its commit), events go to React again. */
function Hydrated() {
  useLayoutEffect(() => {
    for (const type of HYDRATING_EVENTS) window.removeEventListener(type, leaveToTheBrowser, true);
  }, []);
  return null;
}

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
        <Hydrated />
      </StrictMode>,
    );
  });
}

// The page's texts in the language the server rendered it in (its <html lang>), there before
// hydrating so the browser renders exactly what the server sent: English is in the bundle, and an
// English page hydrates at once; another language is fetched first (its own chunk).
const language = languageOf(localeOf(document.documentElement.lang));
if (hasLanguage(language)) hydrate();
else
  loadLanguage(language).then(hydrate, (error: unknown) => {
    console.error(error);
    hydrate();
  });
