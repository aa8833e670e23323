import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadLanguage } from "~/i18n/catalog";
import { languageOf, localeOf } from "~/i18n/locales";

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// The page's texts in the language the server rendered it in (its <html lang>), loaded before
// hydrating so the browser renders exactly what the server sent. The browser build holds one
// language at a time, not every catalog.
loadLanguage(languageOf(localeOf(document.documentElement.lang))).then(hydrate, (error: unknown) => {
  console.error(error);
  hydrate();
});
