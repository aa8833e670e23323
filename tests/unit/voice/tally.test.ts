import { describe, expect, it } from "vitest";
import { tallyChoices, tallyVotes, votingOpen } from "~/modules/voice/tally";

const closesAt = new Date("2027-03-10T17:00:00Z");
const at = (iso: string) => new Date(iso);
const choices = ["agree", "disagree", "abstain"];

describe("vote tallying", () => {
  it("counts only each member's last vote before closing", () => {
    const tally = tallyVotes({
      choices,
      closesAt,
      ballots: [
        { voterId: "ann", choice: "agree", castAt: at("2027-03-01T10:00:00Z") },
        { voterId: "ann", choice: "disagree", castAt: at("2027-03-02T10:00:00Z") }, // changed her mind
        { voterId: "bo", choice: "agree", castAt: at("2027-03-03T10:00:00Z") },
        { voterId: "cy", choice: "abstain", castAt: at("2027-03-04T10:00:00Z") },
        { voterId: "cy", choice: "agree", castAt: at("2027-03-10T17:00:00Z") }, // at closing: too late
        { voterId: "di", choice: "disagree", castAt: at("2027-03-09T10:00:00Z") },
      ],
    });
    expect(tally.choices).toEqual([
      { choice: "agree", votes: 1 },
      { choice: "disagree", votes: 2 },
      { choice: "abstain", votes: 1 },
    ]);
    expect(tally.total).toBe(4);
    expect(tally.leading).toEqual(["disagree"]);
  });

  it("does not depend on the order ballots arrive in", () => {
    const ballots = [
      { voterId: "ann", choice: "B", castAt: at("2027-03-02T10:00:00Z") },
      { voterId: "ann", choice: "A", castAt: at("2027-03-01T10:00:00Z") },
      { voterId: "bo", choice: "A", castAt: at("2027-03-01T11:00:00Z") },
    ];
    const forward = tallyVotes({ choices: ["A", "B"], closesAt, ballots });
    const backward = tallyVotes({ choices: ["A", "B"], closesAt, ballots: [...ballots].reverse() });
    expect(forward).toEqual(backward);
    expect(forward.choices).toEqual([
      { choice: "A", votes: 1 },
      { choice: "B", votes: 1 },
    ]);
    expect(forward.leading).toEqual(["A", "B"]);
  });

  it("ignores choices that are not on the ballot and reports no leader without votes", () => {
    const tally = tallyVotes({ choices, closesAt, ballots: [{ voterId: "x", choice: "maybe", castAt: at("2027-03-01T00:00:00Z") }] });
    expect(tally.total).toBe(0);
    expect(tally.leading).toEqual([]);
  });

  it("abstentions never lead", () => {
    const tally = tallyVotes({
      choices,
      closesAt,
      ballots: [
        { voterId: "a", choice: "abstain", castAt: at("2027-03-01T00:00:00Z") },
        { voterId: "b", choice: "abstain", castAt: at("2027-03-01T00:00:00Z") },
        { voterId: "c", choice: "agree", castAt: at("2027-03-01T00:00:00Z") },
      ],
    });
    expect(tally.leading).toEqual(["agree"]);
  });

  it("voting is open until the closing instant, and never while hidden or decided", () => {
    const p = { closesAt, hiddenAt: null, decidedAt: null };
    expect(votingOpen(p, at("2027-03-10T16:59:59Z"))).toBe(true);
    expect(votingOpen(p, closesAt)).toBe(false);
    expect(votingOpen({ ...p, hiddenAt: at("2027-03-01T00:00:00Z") }, at("2027-03-02T00:00:00Z"))).toBe(false);
    expect(votingOpen({ ...p, decidedAt: at("2027-03-01T00:00:00Z") }, at("2027-03-02T00:00:00Z"))).toBe(false);
  });
});

describe("secret ballots", () => {
  it("count bare choices (no voter, no time), ignoring anything not on the ballot", () => {
    const tally = tallyChoices(["agree", "disagree", "abstain"], ["agree", "disagree", "agree", "maybe", "abstain"]);
    expect(tally.choices).toEqual([
      { choice: "agree", votes: 2 },
      { choice: "disagree", votes: 1 },
      { choice: "abstain", votes: 1 },
    ]);
    expect(tally.total).toBe(4);
    expect(tally.leading).toEqual(["agree"]);
  });
});
