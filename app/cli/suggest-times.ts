/**
 * suggest-times: one JSON request on stdin → one JSON response on stdout (exit 0).
 * Invalid input (bad JSON or a request that fails validation): exit 2, nothing on stdout, one line
 * per problem on stderr, each naming the field. Contract: /work/shared/SCHEDULING.md.
 *
 *   npm run --silent suggest-times < request.json > response.json
 */
import { suggestTimes } from "~/modules/scheduling/engine";
import { parseSuggestRequest } from "~/modules/scheduling/schema";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function fail(lines: string[]): void {
  process.stderr.write(lines.map((line) => line.replace(/\r?\n/g, " ")).join("\n") + "\n");
  process.exitCode = 2;
}

async function main(): Promise<void> {
  const text = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    fail([`request: invalid JSON: ${error instanceof Error ? error.message : String(error)}`]);
    return;
  }
  const parsed = parseSuggestRequest(input);
  if (!parsed.ok) {
    fail(parsed.problems);
    return;
  }
  const response = suggestTimes(parsed.value);
  process.stdout.write(JSON.stringify(response) + "\n");
  process.exitCode = 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `suggest-times: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
