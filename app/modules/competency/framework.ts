import type { EvidenceKind, ItemKind } from "./schema";

/** The starter framework every organisation gets: PA-CSE 2.03, 2.04, 2.06 and 2.07. */
export type StarterItem = {
  code: string;
  standard: string;
  name: string;
  description: string;
  kind: ItemKind;
  requiredForGroupKinds: string[];
  requiredForRoles: string[];
  validityMonths: number | null;
  acceptedEvidence: EvidenceKind[];
  observable: boolean;
  sortOrder: number;
};

const ALL_GROUP_KINDS = ["class", "workshop", "peer_recovery_group", "drop_in"];

const competency = (code: string, name: string, description: string, sortOrder: number): StarterItem => ({
  code,
  standard: "PA-CSE 2.04",
  name,
  description,
  kind: "competency",
  requiredForGroupKinds: ALL_GROUP_KINDS,
  requiredForRoles: [],
  validityMonths: 24,
  acceptedEvidence: ["observation", "note"],
  observable: true,
  sortOrder,
});

/** PA-CSE 2.06: what a peer worker needs besides certification, assessed in supervision. */
const peerCompetency = (code: string, name: string, description: string, sortOrder: number): StarterItem => ({
  code,
  standard: "PA-CSE 2.06",
  name,
  description,
  kind: "competency",
  requiredForGroupKinds: ["peer_recovery_group"],
  requiredForRoles: [],
  validityMonths: 24,
  acceptedEvidence: ["note", "observation"],
  observable: false,
  sortOrder,
});

/** PA-CSE 2.07: the topics of peer-specific training, one item each so a reviewer sees coverage. */
const peerTopic = (code: string, name: string, description: string, sortOrder: number): StarterItem => ({
  code,
  standard: "PA-CSE 2.07",
  name,
  description,
  kind: "training",
  requiredForGroupKinds: ["peer_recovery_group"],
  requiredForRoles: [],
  validityMonths: 12,
  acceptedEvidence: ["upload", "note"],
  observable: false,
  sortOrder,
});

/**
 * Until December 2026 the starter framework had one combined 2.07 item, "Peer-specific training"
 * (code 2.07-peer-training). Migration 0028 gave existing organisations the five topic items
 * above, archived the combined item (its records are kept) and, for each record of it, opened a
 * record for every topic with the same status and dates, noting that it was carried over: that
 * training covered all five topics.
 */
export const COMBINED_PEER_TRAINING_CODE = "2.07-peer-training";
export const PEER_TRAINING_TOPIC_CODES = ["2.07-intensive-services", "2.07-ethics", "2.07-wellness", "2.07-triggers", "2.07-recovery-philosophy"] as const;

export const STARTER_FRAMEWORK: StarterItem[] = [
  competency("2.04-engage", "Engaging and motivating members", "Welcomes members, draws quieter members in and keeps the group's energy and purpose.", 10),
  competency("2.04-dynamics", "Managing group dynamics", "Notices and handles conflict, dominance, silence and disclosures so the group stays safe.", 20),
  competency("2.04-discussion", "Leading discussions", "Opens, paces and closes discussions; summarises and links members' contributions.", 30),
  competency("2.04-activities", "Facilitating group activities", "Explains, runs and debriefs activities so every member can take part.", 40),
  {
    code: "2.03-referral",
    standard: "PA-CSE 2.03",
    name: "Referral procedures",
    description: "How and when to refer members to other services, and how to follow up.",
    kind: "training",
    requiredForGroupKinds: ALL_GROUP_KINDS,
    requiredForRoles: ["facilitator"],
    validityMonths: 24,
    acceptedEvidence: ["upload", "note"],
    observable: false,
    sortOrder: 50,
  },
  {
    code: "2.03-trauma",
    standard: "PA-CSE 2.03",
    name: "Trauma-informed practice",
    description: "Recognising the effects of trauma and working in ways that avoid re-traumatising members.",
    kind: "training",
    requiredForGroupKinds: ALL_GROUP_KINDS,
    requiredForRoles: ["facilitator"],
    validityMonths: 24,
    acceptedEvidence: ["upload", "note"],
    observable: false,
    sortOrder: 60,
  },
  {
    code: "2.03-suicide",
    standard: "PA-CSE 2.03",
    name: "Suicide risk recognition and response",
    description: "Recognising warning signs, asking directly, and following the agency's crisis procedure.",
    kind: "training",
    requiredForGroupKinds: ALL_GROUP_KINDS,
    requiredForRoles: ["facilitator"],
    validityMonths: 12,
    acceptedEvidence: ["upload", "note"],
    observable: false,
    sortOrder: 70,
  },
  {
    code: "2.06-peer-cert",
    standard: "PA-CSE 2.06",
    name: "Peer specialist certification",
    description: "A current certification as a peer specialist from the recognised certifying body.",
    kind: "certification",
    requiredForGroupKinds: ["peer_recovery_group"],
    requiredForRoles: [],
    validityMonths: 24,
    acceptedEvidence: ["upload"],
    observable: false,
    sortOrder: 80,
  },
  peerCompetency("2.06-recovery-story", "Readiness to share one's recovery story", "Chooses what, when and how much of their own recovery story to share, for the member's benefit, and can decline to share safely.", 82),
  peerCompetency("2.06-role-clarity", "Peer role clarity", "Explains what a peer worker does and does not do, how the role differs from clinical staff's, and when to hand over to them.", 84),
  peerTopic("2.07-intensive-services", "Recognising the need for more intensive services", "Noticing when a member needs more than peer support (clinical, crisis or residential care) and helping them reach it.", 90),
  peerTopic("2.07-ethics", "Ethics, boundaries and confidentiality", "The peer code of ethics, keeping a mutual relationship within boundaries, and what may and may not be shared.", 91),
  peerTopic("2.07-wellness", "Wellness, trauma-informed care and recovery resources", "Supporting members' wellness planning, working in trauma-informed ways, and knowing the recovery resources nearby.", 92),
  peerTopic("2.07-triggers", "Managing triggers", "Recognising what triggers members (and oneself) in a group and responding so that everyone stays safe.", 93),
  peerTopic("2.07-recovery-philosophy", "Recovery philosophy", "Recovery as self-directed and many-pathed: hope, choice, strengths and community.", 94),
];
