/** The file's own app server and its database, started by tests/setup/per-file-app.ts. */
function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: e2e files run with tests/setup/per-file-app.ts (the e2e project)`);
  return value;
}

export const e2eApp = {
  get baseUrl() {
    return setting("E2E_BASE_URL");
  },
  /** The app's database (a copy of the seeded demo, this file's alone). */
  get databaseUrl() {
    return setting("E2E_DATABASE_URL");
  },
  /** Where the app writes each email as an .eml file. */
  get mailDir() {
    return setting("E2E_MAIL_DIR");
  },
  /** Where the app writes each text message as a file (no SMS provider configured). */
  get smsDir() {
    return setting("E2E_SMS_DIR");
  },
};
