/** Catalog keys naming the competency framework's codes (one list for every competency page). */
export const GROUP_KIND_KEY: Readonly<Record<string, string>> = {
  class: "competency.groupKinds.class",
  workshop: "competency.groupKinds.workshop",
  peer_recovery_group: "competency.groupKinds.peerRecoveryGroup",
  drop_in: "competency.groupKinds.dropIn",
};

export const ITEM_KIND_KEY: Readonly<Record<string, string>> = {
  competency: "competency.itemKinds.competency",
  training: "competency.itemKinds.training",
  certification: "competency.itemKinds.certification",
};

export const EVIDENCE_KEY: Readonly<Record<string, string>> = {
  note: "competency.evidence.note",
  observation: "competency.evidence.observation",
  upload: "competency.evidence.upload",
};
