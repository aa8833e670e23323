import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** Creates a fresh database cloned from the migrated template and returns its URL. */
export async function createTestDatabase(base: string, template: string, prefix = "t"): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Two clones at the same instant can collide on the template's lock; try again.
        if (attempt > 20) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}
