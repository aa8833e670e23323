// ESLint (flat config): the rules the Remix templates use — JavaScript and typescript-eslint
// recommended, React, React hooks and JSX accessibility. `npm run lint`; part of `npm test`.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".data/", ".cache/", "drizzle/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A leading underscore names a value left out on purpose (`{ pid: _pid, ...row }`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
      // Inputs are cleaned of NUL and other control characters on purpose (PostgreSQL refuses NUL in text).
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    ...react.configs.flat.recommended,
    settings: { react: { version: "detect" } },
  },
  { files: ["**/*.tsx"], ...react.configs.flat["jsx-runtime"] },
  {
    files: ["**/*.tsx"],
    rules: {
      // Apostrophes and quotes in JSX text render as written; the copy is full of them ("can't", “quoted”).
      "react/no-unescaped-entities": "off",
    },
  },
  // The two hook rules of the Remix templates; react-hooks 7's React Compiler rules do not apply (no compiler here).
  { files: ["**/*.tsx"], plugins: { "react-hooks": reactHooks }, rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" } },
  { files: ["**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["**/*.tsx"],
    rules: {
      // A scrollable region (a wide table) must take keyboard focus so it can be scrolled: axe's scrollable-region-focusable.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["tabpanel", "region"], tags: [] }],
    },
  },
);
