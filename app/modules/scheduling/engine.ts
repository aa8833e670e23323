import { formCohorts } from "~/modules/scheduling/cohorts";
import type { SuggestRequest, SuggestResponse, SuggestedSlot } from "~/modules/scheduling/schema";
import {
  WallClocks,
  candidateSlots,
  compareIds,
  occurrenceTable,
  rankSlots,
  slotAvailability,
  type CandidateSlot,
} from "~/modules/scheduling/slots";

/**
 * Suggest weekly slots and form cohorts (contract: /work/shared/SCHEDULING.md). Pure: expects a
 * request already validated by `parseSuggestRequest`; applies the defaults (all weekdays,
 * minParticipants 1, no facilitators, no unavailable intervals). `limit` trims the ranked slots
 * only after the cohorts have been formed from all of them.
 */
export function suggestTimes(request: SuggestRequest): SuggestResponse {
  const clocks = new WallClocks();
  return suggestFromSlots(request, candidateSlots(request, clocks), clocks);
}

/**
 * The engine from given candidate slots on: availability, ranking, cohorts, response. A caller
 * that narrows the slots' occurrences (a round's skipped dates) reuses everything after that.
 */
export function suggestFromSlots(request: SuggestRequest, slots: CandidateSlot[], clocks: WallClocks): SuggestResponse {
  const occ = occurrenceTable(slots);

  const participants = [...request.participants].sort((a, b) => compareIds(a.id, b.id));
  const facilitators = [...(request.facilitators ?? [])].sort((a, b) => compareIds(a.id, b.id));
  const people = slotAvailability(request, slots, occ, participants, clocks);
  const leaders = slotAvailability(request, slots, occ, facilitators, clocks);
  const order = rankSlots(slots, people);

  const plan = formCohorts({
    participantCount: participants.length,
    slots: order.map((s) => ({
      available: people.available[s],
      facilitators: leaders.available[s],
      occurrenceStarts: slots[s].occurrenceStarts,
      occurrenceEnds: slots[s].occurrenceEnds,
    })),
    sections: request.sections,
    capacity: request.capacity,
    minParticipants: request.minParticipants ?? 1,
    withFacilitators: facilitators.length > 0,
  });

  const placed = new Uint8Array(participants.length);
  const cohorts = plan.cohorts.map((cohort) => {
    const slot = slots[order[cohort.slot]];
    for (const p of cohort.participants) placed[p] = 1;
    return {
      day: slot.day,
      start: slot.start,
      facilitator: cohort.facilitator === null ? null : facilitators[cohort.facilitator].id,
      participants: cohort.participants.map((p) => participants[p].id),
    };
  });

  const ranked = request.limit === undefined ? order : order.slice(0, request.limit);
  const slotList: SuggestedSlot[] = ranked.map((s) => {
    const partial: Record<string, number> = Object.create(null);
    const flat = people.partial[s];
    for (let i = 0; i < flat.length; i += 2) partial[participants[flat[i]].id] = flat[i + 1];
    return {
      day: slots[s].day,
      start: slots[s].start,
      occurrences: slots[s].occurrenceStarts.length,
      available: people.available[s].map((p) => participants[p].id),
      partial,
      facilitators: leaders.available[s].map((f) => facilitators[f].id),
    };
  });

  const unassigned: string[] = [];
  participants.forEach((p, i) => {
    if (!placed[i]) unassigned.push(p.id);
  });

  return { timezone: request.timezone, slots: slotList, cohorts, unassigned };
}
