/**
 * Vote tallying. A member may change their vote until the proposal closes: only each voter's
 * last ballot cast before the closing time counts. Pure: no db, no clock.
 */
export const AGREE_CHOICES = ["agree", "disagree", "abstain"] as const;
export const AGREE_LABELS: Record<(typeof AGREE_CHOICES)[number], string> = {
  agree: "Agree",
  disagree: "Disagree",
  abstain: "Abstain",
};

export type Ballot = { voterId: string; choice: string; castAt: Date };
export type Tally = { choices: { choice: string; votes: number }[]; total: number; leading: string[] };

export function choicesFor(proposal: { voting: "agree" | "options"; options: string[] }): string[] {
  return proposal.voting === "agree" ? [...AGREE_CHOICES] : proposal.options;
}

export function votingOpen(proposal: { closesAt: Date; hiddenAt: Date | null; decidedAt?: Date | null }, now: Date): boolean {
  return proposal.hiddenAt === null && !proposal.decidedAt && now.getTime() < proposal.closesAt.getTime();
}

/**
 * What the proposal page says about voting: "paused" while a moderator has it hidden and its
 * closing time is still ahead (never "closed" with a future date), "closed" once the time has
 * passed or it is decided.
 */
export function votingState(proposal: { closesAt: Date; hiddenAt: Date | null; decidedAt?: Date | null }, now: Date): "open" | "paused" | "closed" {
  if (votingOpen(proposal, now)) return "open";
  if (proposal.decidedAt || now.getTime() >= proposal.closesAt.getTime()) return "closed";
  return "paused";
}

export function tallyVotes(input: { choices: string[]; ballots: Ballot[]; closesAt: Date }): Tally {
  const last = new Map<string, Ballot>();
  for (const b of input.ballots) {
    if (b.castAt.getTime() >= input.closesAt.getTime()) continue;
    if (!input.choices.includes(b.choice)) continue;
    const seen = last.get(b.voterId);
    if (!seen || seen.castAt.getTime() <= b.castAt.getTime()) last.set(b.voterId, b);
  }
  return tallyChoices(input.choices, [...last.values()].map((b) => b.choice));
}

/** Counts secret ballots (bare choices: no voter, no time; one per person is kept by receipts). */
export function tallyChoices(allowed: string[], picks: string[]): Tally {
  const counts = new Map(allowed.map((c) => [c, 0]));
  for (const pick of picks) if (counts.has(pick)) counts.set(pick, counts.get(pick)! + 1);
  const choices = allowed.map((choice) => ({ choice, votes: counts.get(choice) ?? 0 }));
  const total = choices.reduce((sum, c) => sum + c.votes, 0);
  const considered = choices.filter((c) => c.choice !== "abstain");
  const max = Math.max(0, ...considered.map((c) => c.votes));
  const leading = max === 0 ? [] : considered.filter((c) => c.votes === max).map((c) => c.choice);
  return { choices, total, leading };
}
