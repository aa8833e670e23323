import { afterAll, describe, expect, it } from "vitest";
import { databaseBefore } from "../../factories/migrations";

/**
 * Migration 0018 on a database that already holds feedback and secret votes (the state before
 * release batches): released answers go into batches of at least 5 per group (fewer wait), and
 * secret votes become a ballot with no person plus a receipt with no choice.
 */
let before: Awaited<ReturnType<typeof databaseBefore>> | undefined;

afterAll(async () => {
  await before?.close();
});

describe("migration to release batches and unlinked secret ballots", () => {
  it("batches existing answers (≥ 5 per group, fewer wait) and separates secret votes from voters", async () => {
    // The state just before 0018.
    before = await databaseBefore("0018_voice_release_batches");
    const sql = before.sql;
    const [org] = await sql`insert into organizations (slug, name, timezone) values ('mig', 'Mig', 'America/New_York') returning id`;
    const [program] = await sql`insert into programs (organization_id, name) values (${org.id}, 'P') returning id`;
    const group = async (name: string) =>
      (await sql`insert into groups (organization_id, program_id, kind, name, timezone, capacity) values (${org.id}, ${program.id}, 'peer_recovery_group', ${name}, 'America/New_York', 10) returning id`)[0].id as string;
    const [big, small] = [await group("Big"), await group("Small")];
    const session = async (groupId: string, iso: string) =>
      (await sql`insert into sessions (organization_id, group_id, starts_at, ends_at, status) values (${org.id}, ${groupId}, ${iso}, ${iso}::timestamptz + interval '1 hour', 'held') returning id`)[0].id as string;
    const ratings = JSON.stringify({ q: 3 });
    // Big: 12 answers (7 anonymous, 5 named) over two sessions; Small: 3 anonymous answers.
    const users = await sql`insert into users (email, name, timezone) select 'u' || i || '@m.example', 'U' || i, 'UTC' from generate_series(1, 12) i returning id`;
    const s1 = await session(big, "2026-09-01T23:00:00Z");
    const s2 = await session(big, "2026-10-06T23:00:00Z");
    const s3 = await session(small, "2026-10-07T23:00:00Z");
    for (let i = 0; i < 7; i++) await sql`insert into feedback_anonymous_answers (organization_id, session_id, group_id, ratings, comment) values (${org.id}, ${i < 4 ? s1 : s2}, ${big}, ${ratings}::jsonb, ${`a${i}`})`;
    for (let i = 0; i < 5; i++) await sql`insert into feedback_named_answers (organization_id, session_id, group_id, user_id, ratings, comment) values (${org.id}, ${s2}, ${big}, ${users[i].id}, ${ratings}::jsonb, ${`n${i}`})`;
    for (let i = 0; i < 3; i++) await sql`insert into feedback_anonymous_answers (organization_id, session_id, group_id, ratings, comment) values (${org.id}, ${s3}, ${small}, ${ratings}::jsonb, ${`s${i}`})`;
    // A secret and an open proposal, each with three votes.
    const proposal = async (secret: boolean) =>
      (await sql`insert into proposals (organization_id, scope, program_id, group_id, topic, title, description, voting, anonymous_votes, closes_at)
        values (${org.id}, 'group', ${program.id}, ${big}, 'rules', 'T', 'D', 'agree', ${secret}, now() + interval '1 day') returning id`)[0].id as string;
    const [secret, open] = [await proposal(true), await proposal(false)];
    for (const [i, choice] of ["agree", "disagree", "agree"].entries()) {
      for (const p of [secret, open]) await sql`insert into proposal_votes (proposal_id, voter_id, organization_id, choice) values (${p}, ${users[i].id}, ${org.id}, ${choice})`;
    }

    // Apply 0018 (and anything after it).
    await before.migrateTheRest();

    const batches = await sql`select group_id, seq, released_in::text as released_in, answers from feedback_release_batches order by group_id, seq`;
    expect(batches.filter((b) => b.group_id === small)).toHaveLength(0);
    const bigBatches = batches.filter((b) => b.group_id === big);
    expect(bigBatches.map((b) => b.answers)).toEqual([5, 7]); // 12 = 5 + 7: nothing visible before goes back to waiting
    expect(bigBatches.every((b) => /^\d{4}-\d{2}-01$/.test(b.released_in))).toBe(true);
    const [{ n: unbatched }] = await sql`select count(*)::int as n from feedback_named_answers where batch_id is null`;
    expect(unbatched).toBe(0);
    const inbox = await sql`select comment from feedback_anonymous_inbox order by comment`;
    expect(inbox.map((r) => r.comment)).toEqual(["s0", "s1", "s2"]);
    const [{ n: released }] = await sql`select count(*)::int as n from feedback_anonymous_answers`;
    expect(released).toBe(7);
    const [{ nullable }] = await sql`select is_nullable as nullable from information_schema.columns where table_name = 'feedback_anonymous_answers' and column_name = 'batch_id'`;
    expect(nullable).toBe("NO");

    // Secret votes: no voter left beside a choice; open votes untouched.
    expect(await sql`select * from proposal_votes where proposal_id = ${secret}`).toHaveLength(0);
    expect(await sql`select * from proposal_votes where proposal_id = ${open}`).toHaveLength(3);
    const ballots = await sql`select * from proposal_ballots where proposal_id = ${secret}`;
    expect(ballots.map((b) => b.choice).sort()).toEqual(["agree", "agree", "disagree"]);
    for (const b of ballots) expect(Object.keys(b).sort()).toEqual(["choice", "id", "organization_id", "proposal_id"]);
    const receipts = await sql`select user_id from proposal_vote_receipts where proposal_id = ${secret}`;
    expect(receipts.map((r) => r.user_id).sort()).toEqual(users.slice(0, 3).map((u) => u.id).sort());
  });
});
