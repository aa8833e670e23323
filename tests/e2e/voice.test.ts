import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { VOICE_DEMO, WAITING_COMMENTS } from "~/demo/voice.server";
import { DESKTOP, expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("participant voice in a real browser", () => {
  it("a participant gives anonymous feedback, votes and raises a concern on a phone; a manager replies, decides and publishes; the participant reads the reply", async () => {
    // ── Pat, on a phone ──
    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await expectHeading(pat.page, "Your voice");
    await pat.page.getByRole("link", { name: /^Give feedback on/ }).first().click();
    await pat.page.waitForURL(/\/feedback\/[0-9a-f-]+$/);
    await expectHeading(pat.page, /^How was/);
    await expectAccessible(pat.page);
    // Sending without ratings shows each question's error in the summary and beside the question.
    await pat.page.getByRole("button", { name: "Send feedback" }).click();
    await expect(pat.page.getByRole("alert").textContent()).resolves.toContain("Choose a rating from 1 to 5");
    await expectAccessible(pat.page);
    for (const question of ["I felt heard", "The session was useful to me", "I felt safe in the group"]) {
      await pat.page.getByRole("group", { name: question }).getByLabel("4", { exact: true }).check();
    }
    await pat.page.getByLabel("Anything else you want to tell us? (optional)").fill("The check-in round helped.");
    await expect(pat.page.getByRole("checkbox", { name: /Answer anonymously/ }).isChecked()).resolves.toBe(true);
    await pat.page.getByRole("button", { name: "Send feedback" }).click();
    await pat.page.waitForURL(/\?thanks=1$/);
    await pat.page.getByRole("status").filter({ hasText: "your feedback for this session is saved" }).waitFor();
    await expect(pat.page.getByRole("status").textContent()).resolves.toContain("your feedback for this session is saved");
    await expectAccessible(pat.page);

    // Vote on the open rule proposal (a secret ballot: final, and never shown back with Pat's name).
    await pat.page.goto(url("/proposals"));
    await expectAccessible(pat.page);
    await pat.page.getByRole("link", { name: VOICE_DEMO.openProposal }).click();
    await expectHeading(pat.page, VOICE_DEMO.openProposal);
    await pat.page.getByText("This is a secret ballot: your choice is stored without your name, so it is final once cast.").waitFor();
    await expectAccessible(pat.page);
    await pat.page.getByLabel("Agree", { exact: true }).check();
    await pat.page.getByRole("button", { name: "Vote" }).click();
    await pat.page.getByText(/^You have voted\. This is a secret ballot/).waitFor();
    await expect(pat.page.getByRole("status").textContent()).resolves.toContain("Your vote is cast. Secret ballots are final");
    expect(await pat.page.getByRole("button", { name: /Vote|Change my vote/ }).count()).toBe(0);
    expect(await pat.page.getByText("You voted: Agree.").count()).toBe(0);
    expect(await pat.page.getByRole("heading", { name: "Results" }).count()).toBe(0);
    await expectAccessible(pat.page);

    // Raise a concern with their name.
    await pat.page.goto(url("/concerns/new"));
    await expectAccessible(pat.page);
    await pat.page.getByLabel("What is it about?").selectOption("group");
    await pat.page.getByLabel("Group", { exact: true }).selectOption({ label: "Tuesday Peer Recovery Circle" });
    await pat.page.getByLabel("Summary in a few words").fill("Hard to hear in the circle");
    await pat.page.getByLabel("Your concern").fill("The traffic noise makes it hard to hear quieter people.");
    await pat.page.getByRole("button", { name: "Send concern" }).click();
    await pat.page.waitForURL(/\/concerns\/[0-9a-f-]+\?sent=1$/);
    const concernUrl = pat.page.url().replace(/\?.*$/, "");
    await expectAccessible(pat.page);
    expect(pat.problems).toEqual([]);

    // ── The manager ──
    const manager = await openTab(browser, { viewport: DESKTOP });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url("/concerns"));
    await expectAccessible(manager.page);
    await manager.page.getByText("Overdue").first().waitFor();
    await manager.page.getByRole("link", { name: "Hard to hear in the circle" }).click();
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Response (the person who raised the concern sees it)").fill("Thank you. From next week the circle meets in the quiet room.");
    await manager.page.getByRole("button", { name: "Send response" }).click();
    await expect(manager.page.getByRole("status").textContent()).resolves.toContain("Your message was sent");

    // Record the decision on the closed proposal.
    await manager.page.goto(url("/proposals"));
    await manager.page.getByRole("link", { name: VOICE_DEMO.closedProposal }).click();
    await expectHeading(manager.page, "Results");
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Outcome").selectOption("adopted");
    await manager.page.getByLabel("What was decided").fill("The circle moves to 18:30 from next month.");
    await manager.page.getByLabel("Why (participants see this)").fill("Most members voted for 18:30 and the room is free.");
    await manager.page.getByRole("button", { name: "Record decision" }).click();
    await expectHeading(manager.page, "Decision: Adopted");
    await expectAccessible(manager.page);

    // Publish "you said, we did" linked to that proposal.
    await manager.page.goto(url("/changes"));
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Who it is for").selectOption({ label: "Group: Tuesday Peer Recovery Circle" });
    await manager.page.getByLabel("You said (what people told us, in a sentence)").fill("19:00 was too late for people who work early.");
    await manager.page.getByLabel("We did (what changed)").fill("The circle now starts at 18:30.");
    await manager.page.getByLabel("Proposal").selectOption({ label: VOICE_DEMO.closedProposal });
    await manager.page.getByRole("button", { name: "Publish" }).click();
    await expect(manager.page.getByRole("status").textContent()).resolves.toContain("The change is published");
    await expectAccessible(manager.page);
    // Feedback reports: fixed periods, whole batches only; answers still waiting show nowhere.
    await manager.page.goto(url("/feedback/reports"));
    await expectAccessible(manager.page);
    await manager.page.getByText(/^To keep answers anonymous, they are shown only in batches of at least 5 answers from one group/).waitFor();
    await manager.page.getByText("The check-in round helped me open up.").first().waitFor();
    for (const waiting of WAITING_COMMENTS) expect(await manager.page.getByText(waiting).count()).toBe(0);
    expect(await manager.page.getByLabel("From").count()).toBe(0);
    const periods = await manager.page.getByLabel("Period").locator("option").allTextContents();
    expect(periods).toContain(`Year ${new Date().getFullYear()}`);
    await manager.page.getByLabel("Period").selectOption({ label: `Year ${new Date().getFullYear() - 1}` });
    await manager.page.getByRole("button", { name: "Show" }).click();
    await manager.page.waitForURL(/period=\d{4}&/);
    await manager.page.getByText(/Nothing to show for this choice yet/).first().waitFor();
    await expectAccessible(manager.page);
    expect(manager.problems).toEqual([]);
    await manager.context.close();

    // ── Pat, later: the reply and the change ──
    await pat.page.goto(url("/concerns"));
    await pat.page.getByRole("link", { name: "Hard to hear in the circle" }).click();
    await pat.page.waitForURL(concernUrl);
    await pat.page.getByText("From next week the circle meets in the quiet room.").waitFor();
    await pat.page.getByText("Responded").first().waitFor();
    await expectAccessible(pat.page);
    await pat.page.goto(url("/home"));
    await pat.page.getByText("The circle now starts at 18:30.").waitFor();
    // The decision on the proposal Pat voted on is on Pat's home page too.
    await pat.page.getByRole("heading", { name: "Recent decisions on proposals" }).waitFor();
    await pat.page.getByText("The circle moves to 18:30 from next month.").waitFor();
    await expectAccessible(pat.page);
    expect(pat.problems).toEqual([]);
    await pat.context.close();
  });

  it("an anonymous concern gives a private link that works without signing in, without JavaScript", async () => {
    const tab = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(tab.page, "sam@riverside.example");
    await tab.page.goto(url("/concerns/new"));
    await tab.page.getByLabel("What is it about?").selectOption("program");
    await tab.page.getByLabel("Program", { exact: true }).selectOption({ label: "Recovery & Life Skills" });
    await tab.page.getByLabel("Summary in a few words").fill("Worried about confidentiality");
    await tab.page.getByLabel("Your concern").fill("Someone repeated what I said outside the group.");
    await tab.page.getByLabel(/Send anonymously/).check();
    await tab.page.getByRole("button", { name: "Send concern" }).click();
    await expectHeading(tab.page, "Your concern was sent anonymously");
    await expectAccessible(tab.page);
    const link = await tab.page.getByRole("link", { name: /\/concerns\/follow-up\// }).textContent();
    // It can be emailed to any address from the person's own mail app (the server never sees it).
    const mailto = await tab.page.getByRole("link", { name: "Email it to an address you choose" }).getAttribute("href");
    expect(mailto).toMatch(/^mailto:\?subject=/);
    expect(decodeURIComponent(mailto!)).toContain(link!.trim());
    await tab.context.close();
    const stranger = await openTab(browser, { viewport: PHONE, javaScript: false });
    await stranger.page.goto(link!.trim());
    await expectHeading(stranger.page, "Worried about confidentiality");
    // Signed out, the page shows times in the zone of the person who made the link.
    const zone = new URL(link!.trim()).searchParams.get("tz")!;
    await expect(stranger.page.locator("main").innerText()).resolves.toContain(`Times are shown in ${zone.replace(/_/g, " ")}`);
    await expectAccessible(stranger.page);
    await stranger.page.getByLabel("Your message").fill("It happened again last week.");
    await stranger.page.getByRole("button", { name: "Send message" }).click();
    await stranger.page.getByText("It happened again last week.").waitFor();
    await stranger.context.close();
  });

  it("rules pages show the adopted rules with version history", async () => {
    const tab = await openTab(browser, { viewport: PHONE });
    await signIn(tab.page, "pat@riverside.example");
    await tab.page.goto(url("/proposals"));
    await tab.page.getByRole("link", { name: VOICE_DEMO.decidedProposal }).click();
    await tab.page.getByRole("link", { name: "rules version 2" }).click();
    await expectHeading(tab.page, "Current rules (version 2)");
    await tab.page.getByText("Phones on silent and out of sight").first().waitFor();
    await expectHeading(tab.page, "Version history");
    await expectAccessible(tab.page);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });
});
