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
  {
    code: "2.07-peer-training",
    standard: "PA-CSE 2.07",
    name: "Peer-specific training",
    description: "Training in the peer role: mutuality, sharing lived experience safely, boundaries.",
    kind: "training",
    requiredForGroupKinds: ["peer_recovery_group"],
    requiredForRoles: [],
    validityMonths: 12,
    acceptedEvidence: ["upload", "note"],
    observable: false,
    sortOrder: 90,
  },
];
