import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, signInWithForm, url } from "./browser";
import { linkInMail } from "./mail";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("foundation in a real browser", () => {
  it.each([
    ["admin@riverside.example", "People and roles"],
    ["manager@riverside.example", "Programs"],
    ["fran@riverside.example", "Groups I lead"],
    ["pat@riverside.example", "My upcoming sessions"],
  ])("%s signs in and reaches their home page", async (email, heading) => {
    const { page, problems, context } = await openTab(browser);
    await page.goto(url("/login"));
    await expectAccessible(page);
    await signInWithForm(page, email);
    await expectHeading(page, heading);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the administrator reaches the organisation's details; an empty crisis text is refused beside the field", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "admin@riverside.example");
    await page.getByRole("link", { name: "Organisation details and crisis text" }).click();
    await expectHeading(page, "Organisation details");
    await expectAccessible(page);
    const crisis = page.getByLabel("What to do in a crisis");
    const before = await crisis.inputValue();
    expect(before).toContain("988");
    await crisis.fill("");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByRole("alert").waitFor();
    await expect(page.locator("#crisisText-error").textContent()).resolves.toContain("Enter what people in crisis should do");
    await expectAccessible(page);
    await page.goto(url("/o/riverside/crisis"));
    await expect(page.locator("main").innerText()).resolves.toContain("988");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a facilitator who works in two organisations switches between them; each shows only its own groups", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "fran@riverside.example");
    await expectHeading(page, "Groups I lead");
    await expect(page.locator("main").innerText()).resolves.not.toContain("Parenting Together");
    await page.getByRole("link", { name: "Switch organisation" }).click();
    await expectHeading(page, "Your organisations");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Switch to Hillside Family Center" }).click();
    await page.waitForURL(/\/home$/);
    await page.getByRole("link", { name: "Hillside Family Center" }).first().waitFor();
    await expect(page.locator("main").innerText()).resolves.toContain("Parenting Together");
    await expect(page.locator("main").innerText()).resolves.not.toContain("Tuesday Peer Recovery Circle");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a manager creates a group and a weekly series; a participant sees it in their own zone", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.getByRole("link", { name: "Recovery & Life Skills" }).first().click();
    await expectAccessible(page);
    await page.getByRole("link", { name: "New group" }).click();
    await expectAccessible(page);
    // Submitting empty shows errors in a summary and beside the fields, and saves nothing.
    await page.getByLabel("Name").fill("");
    await page.getByRole("button", { name: "Create group" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Enter a group name.");
    await expectAccessible(page);
    await page.getByLabel("Name").fill("Evening Mindfulness");
    await page.getByLabel("Kind").selectOption("workshop");
    await page.getByLabel("Description").fill("Breathing and grounding practice.");
    await page.getByLabel("Time zone").selectOption("America/New_York");
    await page.getByLabel("Seats").fill("10");
    await page.getByLabel("Location").fill("Room 5");
    await page.getByLabel("Fran Facilitator (facilitator)").check();
    await page.getByRole("button", { name: "Create group" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+$/);
    await expectHeading(page, "Evening Mindfulness");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Add a weekly series" }).click();
    await expectAccessible(page);
    await page.getByLabel("Thursday").check();
    await page.getByLabel("Start time").fill("18:00");
    await page.getByLabel("Length in minutes").fill("60");
    await page.getByLabel("First date").fill("2027-03-04");
    await page.getByLabel("Number of sessions").fill("3");
    await page.getByRole("button", { name: "Create sessions" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+\?created=3$/);
    const groupUrl = page.url().replace(/\?.*$/, "");
    // The manager's zone is New York: 6:00 PM EST, then 6:00 PM EDT after 14 March (the manager
    // has the default US style: 12-hour).
    await page.getByText("Thu, Mar 4, 2027, 6:00–7:00 PM EST").first().waitFor();
    // The list under the "Schedule" heading (the page lists links to run the group above it).
    const schedule = await page.locator("h2:text-is(\"Schedule\") ~ ul").first().innerText();
    expect(schedule).toContain("Thu, Mar 4, 2027, 6:00–7:00 PM EST");
    expect(schedule).toContain("Thu, Mar 18, 2027, 6:00–7:00 PM EDT");
    await context.close();

    // Pat lives in Los Angeles: the same sessions are 3:00 PM PST / 3:00 PM PDT.
    const participant = await openTab(browser, { viewport: PHONE });
    await signIn(participant.page, "pat@riverside.example");
    await participant.page.goto(groupUrl);
    const theirs = await participant.page.locator("main ul").first().innerText();
    expect(theirs).toContain("Thu, Mar 4, 2027, 3:00–4:00 PM PST");
    expect(theirs).toContain("Thu, Mar 11, 2027, 3:00–4:00 PM PST");
    expect(theirs).toContain("Thu, Mar 18, 2027, 3:00–4:00 PM PDT");
    await expect(participant.page.getByRole("heading", { name: /Roster/ }).count()).resolves.toBe(0);
    await expectAccessible(participant.page);
    // Their home lists their own upcoming sessions in their zone.
    await participant.page.goto(url("/home"));
    // Pat reads the US style: 12-hour times, no 24-hour ones (and no hydration error: problems stay empty).
    const patHome = await participant.page.locator("main").innerText();
    expect(patHome).toMatch(/\d{1,2}:\d\d(–\d{1,2}:\d\d)? [AP]M P[SD]T/);
    expect(patHome).not.toMatch(/\b\d\d:\d\d(–\d\d:\d\d)? P[SD]T/);
    await expectAccessible(participant.page);
    expect([...problems, ...participant.problems]).toEqual([]);
    await participant.context.close();
  });

  it("works without JavaScript: sign-up validation and sign-in", async () => {
    const { page, context } = await openTab(browser, { javaScript: false, viewport: PHONE });
    await page.goto(url("/o/riverside/signup"));
    await expectAccessible(page);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Enter a name.");
    await page.getByLabel("Your name").fill("Nora No-Script");
    await page.getByLabel("Email").fill("nora@example.org");
    await page.getByLabel("Time zone").selectOption("Europe/London");
    await page.getByLabel("Password", { exact: true }).fill("a-long-password");
    await page.getByLabel("Confirm password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    // No session yet: the address is confirmed through the emailed link first.
    await expectHeading(page, "Check your email");
    await expect(page.getByRole("status").textContent()).resolves.toContain("we sent a link to nora@example.org to confirm it");
    await expectAccessible(page);
    await page.goto(await linkInMail("nora@example.org", /http:\/\/\S+\/confirm-email\/[A-Za-z0-9_-]+/));
    await expectHeading(page, "Confirm your email address");
    // The link proves the mailbox; the password chosen at sign-up proves who signed up.
    await page.getByLabel("Password you chose").fill("a-long-password");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.waitForURL(/\/home$/);
    await expectHeading(page, "Hello, Nora No-Script");
    await expect(page.locator("main").innerText()).resolves.toContain("Europe/London".replace("_", " "));
    await expectAccessible(page);
    await context.close();
  });

  it("shows a crisis link on every page and a useful 404", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await page.goto(url("/o/riverside"));
    await page.getByRole("link", { name: "Need help now?" }).click();
    await expectHeading(page, "Need help now?");
    await expect(page.locator("main").innerText()).resolves.toContain("988");
    await expectAccessible(page);
    await page.goto(url("/groups/00000000-0000-0000-0000-000000000000"));
    expect(page.url()).toMatch(/\/login\?redirectTo=%2Fgroups%2F0{8}-/); // anonymous → sign-in page
    await expectHeading(page, "Sign in");
    await signIn(page, "pat@riverside.example");
    const missing = await page.goto(url("/groups/00000000-0000-0000-0000-000000000000"));
    expect(missing?.status()).toBe(404);
    await expectHeading(page, "We can't find that page");
    await context.close();
  });
});
