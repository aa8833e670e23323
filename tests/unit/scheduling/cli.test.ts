import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { person, request } from "./helpers";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function cli(stdin: string) {
  const result = spawnSync("node_modules/.bin/tsx", ["app/cli/suggest-times.ts"], {
    cwd: root,
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, TZ: "Pacific/Auckland" },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("suggest-times command line", () => {
  it("prints the JSON response and exits 0 for a valid request", () => {
    const req = request({
      timezone: "America/New_York",
      startDate: "2027-03-08",
      endDate: "2027-03-29",
      dayStart: "13:00",
      dayEnd: "16:00",
      weekdays: ["mon"],
      participants: [person("london", "Europe/London", [["mon", "18:00", "20:00"]])],
    });
    const { status, stdout, stderr } = cli(JSON.stringify(req));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const response = JSON.parse(stdout);
    expect(response.timezone).toBe("America/New_York");
    expect(response.slots[0]).toEqual({
      day: "mon",
      start: "14:00",
      occurrences: 4,
      available: ["london"],
      partial: {},
      facilitators: [],
    });
    expect(response.cohorts).toEqual([{ day: "mon", start: "14:00", facilitator: null, participants: ["london"] }]);
    expect(response.unassigned).toEqual([]);
  }, 60_000);

  it("exits 2 with one line per problem on stderr and nothing on stdout for an invalid request", () => {
    const req = request({ sections: 11, participants: [person("p", "Europe/Lndon", [])] });
    const { status, stdout, stderr } = cli(JSON.stringify(req));
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toEqual([
      "sections: must be at most 10",
      'participants[0].timezone: unknown time zone "Europe/Lndon"',
    ]);
  }, 60_000);

  it("exits 2 with a one-line message for malformed JSON or empty input", () => {
    for (const input of ['{"timezone": ', ""]) {
      const { status, stdout, stderr } = cli(input);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/^request: invalid JSON: /);
    }
  }, 60_000);
});
