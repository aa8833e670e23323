import { beforeAll, describe, expect, it } from "vitest";
import * as followUp from "~/routes/concerns.follow-up.$token";
import * as concernNew from "~/routes/concerns.new";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** The anonymous concern's private link shows its times in the person's zone, signed in or not. */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

type Page = Awaited<ReturnType<typeof followUp.loader>>;

describe("the private follow-up link of an anonymous concern", () => {
  it("names the person's zone, so its page shows times in that zone without signing in; a zone can be chosen, junk is ignored", async () => {
    const out = await callRoute(concernNew, {
      path: "/concerns/new",
      cookie: s.otherParticipant.cookie, // Asia/Kolkata
      form: { subject: "group", groupId: s.group.id, summary: "Room too cold", body: "Please turn the heating on.", anonymous: "on" },
    });
    expect(out.status).toBe(200);
    const link = new URL((out.data as { link: string }).link);
    expect(link.searchParams.get("tz")).toBe("Asia/Kolkata");
    const token = link.pathname.split("/").pop()!;
    const open = async (query: string) => {
      const page = await callRoute(followUp, { path: `/concerns/follow-up/${token}${query}`, params: { token } });
      expect(page.status).toBe(200);
      return (page.data as Page).zone;
    };
    expect(await open(link.search)).toBe("Asia/Kolkata");
    expect(await open("?timezone=America%2FChicago")).toBe("America/Chicago");
    expect(await open("?timezone=Europe%2FLndon")).toBe("UTC");
    expect(await open(`?tz=${"x".repeat(5000)}`)).toBe("UTC");
    // Signed in, their profile's zone wins.
    const signed = await callRoute(followUp, { path: `/concerns/follow-up/${token}?timezone=America%2FChicago`, params: { token }, cookie: s.participant.cookie });
    expect((signed.data as Page).zone).toBe("Europe/London");
  });
});
