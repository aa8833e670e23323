import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import * as feedRoute from "~/routes/calendar.$token";
import * as profile from "~/routes/profile";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { parseIcs } from "../../factories/ical";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson } from "../../factories/scenario";
import { postTranslation } from "../../factories/versioned-saves";

/** A personal calendar feed is written in its owner's language: summaries, descriptions, the feed's name. */
describe("calendar feeds in the reader's language", () => {
  it("a Spanish participant's feed says 'Cancelada:' and carries the Spanish description; an English one's is unchanged", async () => {
    const s = await createOrgScenario();
    const admin = await createPerson(s.org, "admin");
    expect((await postTranslation(admin.cookie, { kind: "group_description", subjectId: s.group.id, language: "es", text: "Aprenda a llevar su presupuesto." })).status).toBe(302);
    await db.update(users).set({ locale: "es-US" }).where(eq(users.id, s.participant.id));
    const feedOf = async (cookie: string) => {
      const made = await callRoute(profile, { path: "/profile", cookie, form: { intent: "feed-create", groupId: "" } });
      const token = (made.data as { feedUrl: string }).feedUrl.split("/calendar/")[1];
      return async () => {
        const text = (await callRoute(feedRoute, { path: `/calendar/${token}`, params: { token } })).data as string;
        // Unfolded (RFC 5545 folds long lines at 75 octets).
        return { text: text.replace(/\r\n[ \t]/g, ""), ...parseIcs(text) };
      };
    };
    const spanishFeed = await feedOf(s.participant.cookie);
    const englishFeed = await feedOf(s.otherParticipant.cookie);
    const [first] = await db.select().from(sessions).where(and(eq(sessions.groupId, s.group.id))).orderBy(asc(sessions.startsAt)).limit(1);
    await callRoute(sessionPage, { path: `/sessions/${first.id}`, params: { sessionId: first.id }, cookie: s.manager.cookie, form: { intent: "cancel", reason: "Nieve" } });
    const uid = `session-${first.id}@group-sessions`;
    const spanish = await spanishFeed();
    const cancelled = spanish.events.find((e) => e.uid === uid)!;
    expect(cancelled.summary).toBe(`Cancelada: ${s.group.name}`);
    expect(spanish.text).toContain("DESCRIPTION:Aprenda a llevar su presupuesto.");
    expect(spanish.text).toContain(`X-WR-CALNAME:Sesiones de ${s.org.name}`);
    expect(spanish.text).toContain("PRODID:-//Group Sessions//group-sessions//ES");
    const english = await englishFeed();
    const same = english.events.find((e) => e.uid === uid)!;
    expect(same.summary).toBe(`Cancelled: ${s.group.name}`);
    expect(english.text).not.toContain("Aprenda");
    expect(english.text).toContain(`X-WR-CALNAME:${s.org.name} sessions`);
    expect(english.text).toContain("PRODID:-//Group Sessions//group-sessions//EN");
  });
});
