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

export function tallyVotes(input: { choices: string[]; ballots: Ballot[]; closesAt: Date }): Tally {
  const last = new Map<string, Ballot>();
  for (const b of input.ballots) {
    if (b.castAt.getTime() >= input.closesAt.getTime()) continue;
    if (!input.choices.includes(b.choice)) continue;
    const seen = last.get(b.voterId);
    if (!seen || seen.castAt.getTime() <= b.castAt.getTime()) last.set(b.voterId, b);
  }
  const counts = new Map(input.choices.map((c) => [c, 0]));
  for (const b of last.values()) counts.set(b.choice, (counts.get(b.choice) ?? 0) + 1);
  const choices = input.choices.map((choice) => ({ choice, votes: counts.get(choice) ?? 0 }));
  const total = last.size;
  const considered = choices.filter((c) => c.choice !== "abstain");
  const max = Math.max(0, ...considered.map((c) => c.votes));
  const leading = max === 0 ? [] : considered.filter((c) => c.votes === max).map((c) => c.choice);
  return { choices, total, leading };
}
