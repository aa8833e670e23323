import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { proposals, ruleVersions } from "~/db/tables/voice";
import { translateMessage } from "~/i18n/catalog";
import * as groupRulesPage from "~/routes/groups.$groupId.rules";
import * as programRulesPage from "~/routes/programs.$programId.rules";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { groupRulesAt, openedVersion, programRulesAt, type StaleFailure } from "../../factories/versioned-saves";
import { openGroupProposal } from "../../factories/voice";

/**
 * A group's or program's rules (PA-CSE 7.02: the rules participants comment on and propose changes
 * to) were published from a form holding the whole text with no version: a manager who opened the
 * page earlier published her old text as the newest version, undoing a colleague's rewording (or a
 * decided proposal's) without a word. The publish form now carries the version of the text it
 * started from, compared under the rules' publication lock: a stale publication (or one naming no
 * version) publishes nothing, keeps the person's text and says the rules changed meanwhile.
 */
const STALE =
  "These rules were changed by someone else after you opened this page, so nothing was published. The form keeps your text and the rules as they are published now are shown above it: compare them, then publish again.";

let s: Scenario;
let otherManager: Person;
beforeAll(async () => {
  s = await createOrgScenario();
  otherManager = await createPerson(s.org, "manager");
});

const published = async (targetId: string) => db.select().from(ruleVersions).where(eq(ruleVersions.targetId, targetId)).orderBy(desc(ruleVersions.version));

describe("two staff members publish a program's rules from pages opened on the same version", () => {
  const at = (who: Person) => programRulesAt(who.cookie, s.program.id);
  const open = (who: Person) => openedVersion(programRulesPage, at(who));
  const send = (who: Person, form: Record<string, string>) => callRoute(programRulesPage, { ...at(who), form });

  it("the second publication is refused: nothing is published, the text comes back in the form, the rules are named; publishing again after comparing works", async () => {
    // Before any rules: both pages start from nothing.
    const [first, second] = [await open(s.manager), await open(otherManager)];
    expect(first).toBe(second);
    expect((await send(s.manager, { version: first!, body: "1. Arrive on time.\n2. What is said here stays here.", changeSummary: "First rules." })).status).toBe(200);
    const before = await published(s.program.id);
    const out = await send(otherManager, { version: second!, body: "1. Phones on silent.", changeSummary: "Phones." });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["body"]);
    expect(failed.values).toMatchObject({ body: "1. Phones on silent.", changeSummary: "Phones." });
    expect(await published(s.program.id)).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió estas normas/);
    expect(failed.values.version).toBe(await open(otherManager));
    const again = await send(otherManager, { ...failed.values, body: "1. Arrive on time.\n2. What is said here stays here.\n3. Phones on silent." });
    expect(again.status).toBe(200);
    expect((await published(s.program.id)).map((v) => v.version)).toEqual([2, 1]);
  });

  it("a publication with no change meanwhile succeeds, and rules put back to the text the page showed are no change", async () => {
    const version = (await open(s.manager))!;
    const [current] = await published(s.program.id);
    expect((await send(otherManager, { version: (await open(otherManager))!, body: "Something else entirely.", changeSummary: "Trial." })).status).toBe(200);
    expect((await send(otherManager, { version: (await open(otherManager))!, body: current.body, changeSummary: "Trial undone." })).status).toBe(200);
    expect((await send(s.manager, { version, body: `${current.body}\n4. Ask before sharing someone's story.`, changeSummary: "Stories." })).status).toBe(200);
    expect((await published(s.program.id))[0].body).toMatch(/4\. Ask before sharing/);
  });

  it("a publication that names no version is refused: nothing is published, the text is kept and the current version comes back", async () => {
    const before = await published(s.program.id);
    const out = await send(s.manager, { body: "No version.", changeSummary: "x" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(failed.values.body).toBe("No version.");
    expect(await published(s.program.id)).toEqual(before);
    expect(failed.values.version).toBe(await open(s.manager));
  });
});

describe("a group's facilitator and a manager publish the group's rules from pages opened on the same version", () => {
  const at = (who: Person) => groupRulesAt(who.cookie, s.group.id);
  const open = (who: Person) => openedVersion(groupRulesPage, at(who));
  const send = (who: Person, form: Record<string, string>) => callRoute(groupRulesPage, { ...at(who), form });

  it("the later publication is refused and the two sent at once take turns: one is published, the other refused", async () => {
    const version = (await open(s.facilitator))!;
    expect(await open(s.manager)).toBe(version);
    expect((await send(s.facilitator, { version, body: "1. Start with a check-in.", changeSummary: "First." })).status).toBe(200);
    const out = await send(s.manager, { version, body: "1. No food in the room.", changeSummary: "Food." });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).details?.changed).toEqual(["body"]);
    const next = (await open(s.manager))!;
    const outs = await Promise.all([
      send(s.manager, { version: next, body: "1. Start with a check-in.\n2. No food.", changeSummary: "Food." }),
      send(s.facilitator, { version: next, body: "1. Start with a check-in.\n2. Breaks at half time.", changeSummary: "Breaks." }),
    ]);
    expect(outs.map((o) => o.status).sort()).toEqual([200, 400]);
    expect((await published(s.group.id)).map((v) => v.version)).toEqual([2, 1]);
  });
});

describe("a proposal's decision that publishes new rules", () => {
  const STALE_DECISION =
    "The rules were changed by someone else after you opened this page, so neither the decision nor the new rules were recorded. Your entries are kept: open the rules as they are published now (the link beside the rules box), bring your text up to date, then record the decision again.";
  const closedProposal = (title: string) => openGroupProposal(s, s.participant, title, new Date(Date.now() - 2 * 86_400_000));
  const at = (who: Person, id: string) => ({ path: `/proposals/${id}`, params: { proposalId: id }, cookie: who.cookie });
  const rulesVersionOf = (d: unknown) => (d as { rulesVersion: string | null }).rulesVersion ?? undefined;
  const decision = (version: string | undefined, rulesBody: string) => ({
    intent: "decide",
    outcome: "adopted",
    decisionText: "Phones stay on silent.",
    rationale: "Most members agreed.",
    rulesBody,
    changeSummary: rulesBody ? "Phones." : "",
    ...(version === undefined ? {} : { version }),
  });
  const decidedAt = async (id: string) => (await db.select({ at: proposals.decidedAt }).from(proposals).where(eq(proposals.id, id)))[0].at;

  it("is refused when a colleague published rules after the decision page was opened: nothing is recorded, the entries come back; deciding again after a look works", async () => {
    const id = await closedProposal("Phones on silent");
    const opened = await openedVersion(proposalPage, at(s.manager, id), rulesVersionOf);
    expect(opened).toBeTruthy();
    // Meanwhile a colleague rewords the group's rules on the rules page.
    const rulesAt = groupRulesAt(otherManager.cookie, s.group.id);
    const colleague = await callRoute(groupRulesPage, { ...rulesAt, form: { version: (await openedVersion(groupRulesPage, rulesAt))!, body: "1. Arrive on time.", changeSummary: "Punctuality." } });
    expect(colleague.status).toBe(200);
    const before = await published(s.group.id);

    const out = await callRoute(proposalPage, { ...at(s.manager, id), form: decision(opened, "1. Phones on silent.") });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE_DECISION]);
    expect(translateMessage(STALE_DECISION, "es-ES")).toMatch(/^Otra persona cambió las normas/);
    expect(failed.values).toMatchObject({ rulesBody: "1. Phones on silent.", decisionText: "Phones stay on silent." });
    expect(await decidedAt(id)).toBeNull();
    expect(await published(s.group.id)).toEqual(before);

    // With the current version sent back, the updated text is published and the decision recorded.
    const again = await callRoute(proposalPage, { ...at(s.manager, id), form: { ...failed.values, rulesBody: "1. Arrive on time.\n2. Phones on silent." } });
    expect(again.status).toBe(200);
    expect(await decidedAt(id)).not.toBeNull();
    expect((await published(s.group.id))[0].body).toBe("1. Arrive on time.\n2. Phones on silent.");
  });

  it("a decision with new rules naming no version is refused; a decision publishing no rules needs none", async () => {
    const id = await closedProposal("Tea breaks");
    const refused = await callRoute(proposalPage, { ...at(s.manager, id), form: decision(undefined, "1. Tea at half time.") });
    expect(refused.status).toBe(400);
    expect((refused.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await decidedAt(id)).toBeNull();
    const plain = await callRoute(proposalPage, { ...at(s.manager, id), form: decision(undefined, "") });
    expect(plain.status).toBe(200);
    expect(await decidedAt(id)).not.toBeNull();
  });
});
