import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { hasLanguage, loadLanguage } from "~/i18n/catalog";
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
