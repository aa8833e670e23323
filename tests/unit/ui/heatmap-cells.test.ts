import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Heatmap, type HeatSlot } from "~/ui/heatmap";
import { DateStyleProvider } from "~/ui/time";

const render = (slots: HeatSlot[]) =>
  renderToStaticMarkup(createElement(DateStyleProvider, { value: "en-US" }, createElement(Heatmap, { slots, total: 3, timezone: "America/New_York" })));
const cells = (html: string) => [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
const names = (available: string[], partial: string[], facilitators: string[]) => ({ available, partial, facilitators });

describe("the heatmap's cells for staff", () => {
  const slots: HeatSlot[] = [
    { day: "mon", start: "18:00", occurrences: 8, available: 2, partial: 1, names: names(["Ana Ruiz", "Ben Cole"], ["Cy Dale (7 of 8)"], ["Fran Facilitator"]) },
    { day: "tue", start: "18:00", occurrences: 8, available: 0, partial: 1, names: names([], ["Ana Ruiz (3 of 8)"], []) },
    { day: "wed", start: "18:00", occurrences: 8, available: 0, partial: 0, names: names([], [], ["Fran Facilitator"]) },
  ];
  const [monday, tuesday, wednesday] = cells(render(slots));

  it("open on the names of who can come to every session, some sessions, and the free facilitators", () => {
    expect(monday).toContain("<details>");
    expect(monday).toContain("Ana Ruiz, Ben Cole");
    expect(monday).toContain("Cy Dale (7 of 8)");
    expect(monday).toContain("Fran Facilitator");
    expect(tuesday).toContain("<details>");
    expect(tuesday).toContain("Ana Ruiz (3 of 8)");
  });

  it("show only the count, spoken in full, where nobody can come (no disclosure that opens on 'nobody')", () => {
    expect(wednesday).not.toContain("<details>");
    expect(wednesday).not.toContain("Fran Facilitator");
    expect(wednesday).toContain("Wednesday 6:00 PM: 0 of 3 free for all 8 sessions");
  });
});
