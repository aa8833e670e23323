/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  // Overridable so parallel test runs can build side by side (tests/setup/e2e-app.ts passes them on).
  serverBuildPath: process.env.REMIX_BUILD ?? "build/index.js",
  assetsBuildDirectory: process.env.REMIX_ASSETS_DIR ?? "public/build",
  serverPlatform: "node",
  serverDependenciesToBundle: [/^~emails/],
  watchPaths: ["./emails/**/*"],
  browserNodeBuiltinsPolyfill: { modules: {} },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
