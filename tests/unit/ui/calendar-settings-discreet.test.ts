import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { CalendarSettings, type CalendarSettingsData } from "~/ui/calendar-settings";
import { DateStyleProvider } from "~/ui/time";

/** Profile's calendar part for a person whose calendar entries are discreet or named, rendered as the server does. */
async function render(discreet: boolean, locale: "en-US" | "es-US" = "en-US") {
  const data: CalendarSettingsData = { entries: { discreet }, feeds: [], reminders: { enabled: true, hours: 24 }, followable: [] };
  const element = createElement(DateStyleProvider, { value: locale }, createElement(CalendarSettings, { data, timezone: "America/New_York" }));
  const handler = createStaticHandler([{ path: "/profile", element }]);
  const context = await handler.query(new Request("http://test.local/profile"));
  if (context instanceof Response) throw new Error("unexpected response");
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }));
}

/** The `discreet` checkbox of the form whose hidden intent is `intent`. */
function discreetBox(html: string, intent: string) {
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]).find((f) => f.includes(`name="intent" value="${intent}"`));
  expect(form, intent).toBeTruthy();
  const box = /<input[^>]*name="discreet"[^>]*>/.exec(form!);
  expect(box, intent).toBeTruthy();
  return box![0];
}

describe("Profile → Calendar feed: a new feed link's Discreet box", () => {
  it("starts ticked for a person whose calendar entries are discreet (a participant by default)", async () => {
    const html = await render(true);
    expect(discreetBox(html, "feed-create")).toContain("checked");
    expect(discreetBox(html, "calendar-entries")).toContain("checked");
  });

  it("starts unticked for a person whose entries are named (staff by default, or a participant who chose it)", async () => {
    const html = await render(false);
    expect(discreetBox(html, "feed-create")).not.toContain("checked");
    expect(discreetBox(html, "calendar-entries")).not.toContain("checked");
  });

  it("explains that the choice covers email subjects too, in English and Spanish", async () => {
    expect(await render(true)).toContain("the subjects of the emails we send you, which a locked phone shows, name no group or program");
    expect(await render(true, "es-US")).toContain("los asuntos de los correos que le enviamos, que se ven en un teléfono bloqueado, no nombran ningún grupo ni programa");
  });
});
