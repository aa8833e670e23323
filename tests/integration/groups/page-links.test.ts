import { beforeAll, describe, expect, it } from "vitest";
import * as groupRoute from "~/routes/groups.$groupId._index";
import * as attendanceRoute from "~/routes/groups.$groupId.attendance";
import * as completionRoute from "~/routes/groups.$groupId.completion";
import * as curriculumRoute from "~/routes/groups.$groupId.curriculum._index";
import * as editRoute from "~/routes/groups.$groupId.edit";
import * as registerRoute from "~/routes/groups.$groupId.register";
import * as roundsRoute from "~/routes/groups.$groupId.rounds._index";
import * as rulesRoute from "~/routes/groups.$groupId.rules";
import * as seriesRoute from "~/routes/groups.$groupId.series.new";
import * as waitlistRoute from "~/routes/groups.$groupId.waitlist";
import * as profileRoute from "~/routes/profile";
import * as programRoute from "~/routes/programs.$programId._index";
import * as logicModelRoute from "~/routes/programs.$programId.logic-model";
import * as programRulesRoute from "~/routes/programs.$programId.rules";
import * as programCompletionRoute from "~/routes/programs.$programId.completion";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/** The group page is the hub for everything about a group; it links only to what the viewer may open. */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

type Link = { key: string; href: string; label: string };
const targets: Record<string, { route: object; path: (id: string) => string }> = {
  rules: { route: rulesRoute, path: (id) => `/groups/${id}/rules` },
  waitlist: { route: waitlistRoute, path: (id) => `/groups/${id}/waitlist` },
  register: { route: registerRoute, path: (id) => `/groups/${id}/register` },
  attendance: { route: attendanceRoute, path: (id) => `/groups/${id}/attendance` },
  rounds: { route: roundsRoute, path: (id) => `/groups/${id}/rounds` },
  completion: { route: completionRoute, path: (id) => `/groups/${id}/completion` },
  curriculum: { route: curriculumRoute, path: (id) => `/groups/${id}/curriculum` },
  edit: { route: editRoute, path: (id) => `/groups/${id}/edit` },
  series: { route: seriesRoute, path: (id) => `/groups/${id}/series/new` },
};

async function pageFor(person: Person) {
  const page = await callRoute(groupRoute, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: person.cookie });
  expect(page.status).toBe(200);
  return page.data as { links: Link[]; canMakeCalendarLink: boolean };
}

describe("the group page's links", () => {
  it("gives the group's facilitator and managers waitlist, register someone, attendance, rounds, rules and a calendar link; managers also edit and series", async () => {
    const staffKeys = ["rules", "waitlist", "register", "attendance", "rounds", "completion", "curriculum"];
    for (const [person, keys] of [
      [s.facilitator, staffKeys],
      [s.manager, [...staffKeys, "edit", "series"]],
      [s.admin, [...staffKeys, "edit", "series"]],
    ] as const) {
      const data = await pageFor(person);
      expect(data.links.map((l) => l.key).sort()).toEqual([...keys].sort());
      expect(data.canMakeCalendarLink).toBe(true);
    }
  });

  it("gives participants and a facilitator who does not lead the group only the rules", async () => {
    for (const person of [s.participant, s.otherFacilitator]) {
      const data = await pageFor(person);
      expect(data.links.map((l) => l.key)).toEqual(["rules"]);
      expect(data.canMakeCalendarLink).toBe(false);
    }
  });

  it("every link it shows opens for that viewer, and the calendar form makes a group feed", async () => {
    for (const person of [s.admin, s.manager, s.facilitator, s.otherFacilitator, s.participant, s.otherParticipant]) {
      const data = await pageFor(person);
      for (const link of data.links) {
        const target = targets[link.key];
        expect(link.href).toBe(target.path(s.group.id));
        const opened = await callRoute(target.route, { path: link.href, params: { groupId: s.group.id }, cookie: person.cookie });
        expect({ who: person.role, link: link.key, status: opened.status }).toEqual({ who: person.role, link: link.key, status: 200 });
      }
      if (data.canMakeCalendarLink) {
        const made = await callRoute(profileRoute, { path: "/profile", cookie: person.cookie, form: { intent: "feed-create", groupId: s.group.id } });
        expect(made.status).toBe(200);
        expect((made.data as { feedUrl?: string }).feedUrl).toMatch(/\/calendar\/[^/]+\.ics$/);
      }
    }
  });
});

describe("the program page", () => {
  it("links to its logic model, rules and completion criteria, and each opens for the manager", async () => {
    const page = await callRoute(programRoute, { path: `/programs/${s.program.id}`, params: { programId: s.program.id }, cookie: s.manager.cookie });
    const links = (page.data as { links: { href: string }[] }).links.map((l) => l.href);
    expect(links).toEqual([`/programs/${s.program.id}/logic-model`, `/programs/${s.program.id}/rules`, `/programs/${s.program.id}/completion`]);
    for (const [route, href] of [
      [logicModelRoute, links[0]],
      [programRulesRoute, links[1]],
      [programCompletionRoute, links[2]],
    ] as const) {
      const opened = await callRoute(route, { path: href, params: { programId: s.program.id }, cookie: s.manager.cookie });
      expect(opened.status).toBe(200);
    }
  });
});
