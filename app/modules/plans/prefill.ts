/**
 * What a new plan starts from: the person's intake answers (pure, no database). The intake asks
 * about need areas, anything else needed, what is urgent, accessibility needs and language; it does
 * not ask about strengths, so strengths start empty and are written with the person.
 */
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";

export type IntakeAnswers = {
  groupName: string;
  needAreas: readonly string[];
  otherNeed: string;
  urgentNote: string;
  accessibilityNeeds: string;
  language: string;
};

export type PlanBasics = { strengths: string; barriers: string; needs: string };

const LANGUAGE_NAMES: Record<string, string> = { es: "Spanish", fr: "French", zh: "Chinese", vi: "Vietnamese", ar: "Arabic", ru: "Russian", pt: "Portuguese", ht: "Haitian Creole" };

const ENGLISH = new Set(["en", "eng", "english", "en-us", "en-gb"]);

const label = (area: string) => (area in NEED_AREA_LABELS ? NEED_AREA_LABELS[area as NeedArea] : area);

/**
 * Needs: the need areas ticked at any intake (once each, in the order of the newest intake first),
 * then the free-text needs and urgent notes. Barriers: accessibility needs, and a language other
 * than English. Duplicate lines (the same words at two intakes) appear once.
 */
export function prefillFromIntakes(intakes: readonly IntakeAnswers[]): PlanBasics {
  const needs: string[] = [];
  const barriers: string[] = [];
  const add = (list: string[], line: string) => {
    const text = line.trim();
    if (text && !list.includes(text)) list.push(text);
  };
  const areas = [...new Set(intakes.flatMap((i) => i.needAreas).filter((a) => a !== "other"))];
  if (areas.length) add(needs, areas.map(label).join("; "));
  for (const i of intakes) {
    if (i.otherNeed.trim()) add(needs, `Also needs: ${i.otherNeed.trim()}`);
    if (i.urgentNote.trim()) add(needs, `Urgent at intake (${i.groupName}): ${i.urgentNote.trim()}`);
    if (i.accessibilityNeeds.trim()) add(barriers, `Accessibility: ${i.accessibilityNeeds.trim()}`);
    const language = i.language.trim();
    if (language && !ENGLISH.has(language.toLowerCase())) add(barriers, `Prefers ${LANGUAGE_NAMES[language.toLowerCase()] ?? language} to English`);
  }
  return { strengths: "", barriers: barriers.join("\n"), needs: needs.join("\n") };
}
