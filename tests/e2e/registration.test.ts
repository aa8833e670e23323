import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";
import { linkInMail } from "./mail";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const WORKSHOP = "Resume & Interview Workshop";

async function withdrawFromWorkshop(email: string) {
  const tab = await openTab(browser, { viewport: PHONE });
  await signIn(tab.page, email);
  await (await mainNav(tab.page)).getByRole("link", { name: "My groups" }).click();
  await expectHeading(tab.page, "My groups");
  await tab.page.getByRole("button", { name: `Withdraw from ${WORKSHOP}` }).click();
  // One tap only asks: it says what happens to the seat (the workshop is full, people are waiting).
  const confirm = tab.page.getByRole("region", { name: `Withdraw from ${WORKSHOP}?` });
  await expect(confirm.innerText()).resolves.toMatch(/Your seat goes to the next person: \d+ (person is|people are) waiting/);
  await expectAccessible(tab.page);
  await confirm.getByRole("button", { name: "Yes, withdraw and give up my seat" }).click();
  await expect(tab.page.getByRole("status").first().textContent()).resolves.toContain("You have withdrawn");
  // The seat went to the next person at once, so there is nothing to undo.
  await tab.page.getByText("Your seat has already gone to the next person").waitFor();
  expect(tab.problems).toEqual([]);
  await tab.context.close();
}

async function myWorkshopCard(page: Page) {
  await page.goto(url("/my/groups"));
  return page.getByRole("article", { name: WORKSHOP }).innerText();
}

describe("registration and waitlist in a real browser", () => {
  it("a participant on a phone finds the full workshop, registers with intake, waits, and is promoted when others withdraw", async () => {
    // Without JavaScript, on a phone: every form must work as plain HTML.
    const { page, context, problems } = await openTab(browser, { viewport: PHONE, javaScript: false, timezoneId: "America/Chicago" });
    const email = `wren-${Date.now()}@example.org`;
    await page.goto(url("/o/riverside/signup"));
    await page.getByLabel("Your name").fill("Wren Waiting");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Time zone").selectOption("America/Chicago");
    await page.getByLabel("Password", { exact: true }).fill("a-long-password");
    await page.getByLabel("Confirm password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expectHeading(page, "Check your email");
    await page.goto(await linkInMail(email, /http:\/\/\S+\/confirm-email\/[A-Za-z0-9_-]+/));
    await page.getByLabel("Password you chose").fill("a-long-password");
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.waitForURL(/\/home$/);
    // A new participant is asked when they are usually free.
    const prompt = page.getByRole("region", { name: "When are you usually free?" });
    await expect(prompt.getByRole("link", { name: "Set my availability" }).getAttribute("href")).resolves.toBe("/availability");
    await expectAccessible(page);

    await (await mainNav(page)).getByRole("link", { name: "Find a group" }).click();
    await expectHeading(page, "Find a group");
    await page.getByLabel("Kind", { exact: true }).selectOption("workshop");
    await page.getByLabel("Day", { exact: true }).selectOption("sat");
    await page.getByRole("button", { name: "Show groups" }).click();
    const card = page.getByRole("article", { name: WORKSHOP });
    await expect(card.innerText()).resolves.toMatch(/Full: waitlist \(3 waiting\)/);
    // The card's name leads to the group page.
    await expect(card.getByRole("link", { name: WORKSHOP, exact: true }).getAttribute("href")).resolves.toMatch(/^\/groups\/[0-9a-f-]{36}$/);
    await expect(card.innerText()).resolves.toMatch(/Sat, .* 10:00 AM–12:00 PM C[SD]T/); // the group meets in Chicago time; US style
    await expectAccessible(page);
    await card.getByRole("link", { name: `Join the waitlist for ${WORKSHOP}` }).click();
    await expectHeading(page, `Join ${WORKSHOP}`);
    await expectAccessible(page);

    // Incomplete answers: a summary and messages beside the fields, nothing saved.
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Say whether any of these needs is urgent.");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("You need to agree to take part in the group to register.");
    await expectAccessible(page);

    await page.getByLabel("Housing", { exact: true }).check();
    await page.getByLabel("Education and work").check();
    await page.getByLabel("Yes, it is urgent").check();
    await page.getByLabel(/If it is urgent, what is happening/).fill("I lose my room at the end of the month.");
    await page.getByLabel("How should we contact you?").selectOption("email");
    await page.getByLabel("I agree to take part in this group").check();
    await page.getByLabel("The group's facilitators may see my email address and phone number so they can contact me themselves.").check();
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await page.waitForURL(/\/my\/groups\?registered=/);
    await expectHeading(page, "My groups");
    // Urgent needs go first: behind Frankie (urgent, earlier), ahead of the two others.
    expect(await myWorkshopCard(page)).toMatch(/On the waitlist: number 2/);
    await expectAccessible(page);

    // Emery withdraws: Frankie gets the seat, Wren moves up.
    await withdrawFromWorkshop("emery@riverside.example");
    expect(await myWorkshopCard(page)).toMatch(/On the waitlist: number 1/);
    expect(await myWorkshopCard(page)).toMatch(/You are next in line/);
    // Dana withdraws: the seat is Wren's at once.
    await withdrawFromWorkshop("dana@riverside.example");
    const promoted = await myWorkshopCard(page);
    expect(promoted).toMatch(/Enrolled/);
    expect(promoted).toMatch(/You have a seat/);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a sign-up started from a page returns there once the emailed link is followed (no JavaScript)", async () => {
    const { page, context, problems } = await openTab(browser, { viewport: PHONE, javaScript: false });
    const email = `ruth-${Date.now()}@example.org`;
    await page.goto(url(`/o/riverside/signup?redirectTo=${encodeURIComponent("/catalogue?kind=workshop")}`));
    await page.getByLabel("Your name").fill("Ruth Return");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Time zone").selectOption("America/Chicago");
    await page.getByLabel("Password", { exact: true }).fill("a-long-password");
    await page.getByLabel("Confirm password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expectHeading(page, "Check your email");
    await page.goto(await linkInMail(email, /http:\/\/\S+\/confirm-email\/[A-Za-z0-9_-]+\?redirectTo=\S+/));
    await page.getByLabel("Password you chose").fill("a-long-password");
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.waitForURL(/\/catalogue\?kind=workshop$/);
    await expectHeading(page, "Find a group");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a crisis answer shows the crisis page straight away", async () => {
    const { page, context, problems } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "indigo@riverside.example");
    await page.goto(url("/catalogue"));
    await page.getByRole("link", { name: /^Join( the waitlist)? for Budgeting Basics$/ }).click();
    await page.getByLabel("Crisis: I need help right now").check();
    await page.getByLabel("No", { exact: true }).check();
    await page.getByLabel("I agree to take part in this group").check();
    await page.getByRole("button", { name: /^(Register|Join the waitlist)$/ }).click();
    await page.waitForURL(/\/o\/riverside\/crisis\?registered=/);
    await expectHeading(page, "Need help now?");
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("our staff have been alerted");
    await expect(page.getByRole("link", { name: "Call 988" }).count()).resolves.toBe(1);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("staff see urgent intakes first, review the waitlist and record a referral", async () => {
    const { page, context, problems } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.getByRole("link", { name: /^Intake \d+ urgent$/ }).click();
    await expectHeading(page, "Intake queue");
    const firstRow = await page.locator("tbody tr").first().innerText();
    expect(firstRow).toMatch(/Crisis|Urgent/);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Frankie Ortiz" }).click();
    await expectHeading(page, "Intake: Frankie Ortiz");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Mark as reviewed" }).click();
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("Marked as reviewed");

    await page.getByRole("link", { name: "Refer to another service" }).click();
    await expectHeading(page, "Record a referral");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save referral" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Choose the service you refer to.");
    await page.getByLabel("Service").selectOption({ label: "Second Chance Housing Partnership" });
    await page.getByLabel("Need area").selectOption("housing");
    await page.getByLabel("Reason").fill("Needs a recovery residence before the workshop starts.");
    await page.getByLabel("Follow-up date (optional)").fill("2030-01-15");
    await page.getByRole("button", { name: "Save referral" }).click();
    await page.waitForURL(/\/referrals\?view=open/);
    await expectHeading(page, /Open referrals/);
    await expect(page.locator("main").innerText()).resolves.toContain("Needs a recovery residence before the workshop starts.");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Follow-ups due" }).click();
    // The open list may already say "Follow-up due": wait for the follow-ups view itself, so the
    // next click does not cut this navigation short (an interrupted single-fetch navigation leaves
    // an AbortError in the console, react-router#14203).
    await page.waitForURL(/\/referrals\?view=due$/);
    await page.getByText("Follow-up due").first().waitFor();
    await expect(page.locator("main").innerText()).resolves.toContain("Follow-up due");
    await page.getByRole("link", { name: "Resource directory" }).click();
    await page.getByLabel("Search the directory").fill("expungement");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/directory\?q=expungement$/);
    await expectHeading(page, /matching “expungement”/);
    await expect(page.locator("main h3").allInnerTexts()).resolves.toEqual(["Springfield Legal Aid"]);
    await expectAccessible(page);

    await page.goto(url("/catalogue"));
    const workshopId = await page.getByRole("link", { name: `Register someone for ${WORKSHOP}` }).getAttribute("href");
    await page.goto(url(workshopId!.replace("/register", "/waitlist")));
    await expectHeading(page, `Seats and waitlist: ${WORKSHOP}`);
    await expectAccessible(page);
    // Seating someone out of turn needs a reason; without one nothing changes and the form says why.
    const waiting = page.locator("main ol > li").first();
    await waiting.locator("summary").click();
    const seatButton = waiting.getByRole("button", { name: /^Seat .+ now$/ });
    await seatButton.click();
    await page.getByRole("alert").waitFor();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("at least 10 characters");
    await expect(page.locator("details[open] .error").first().textContent()).resolves.toContain("at least 10 characters");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
