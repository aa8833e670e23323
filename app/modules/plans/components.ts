/**
 * The words of a service plan (pure, no database): the six components of peer support the CORE
 * peer-support refresher names, and how a planned service's frequency reads.
 */
export const PEER_SUPPORT_COMPONENTS = [
  "assessment_planning_documentation",
  "advocacy",
  "activation_engagement",
  "community_participation",
  "transitional_support",
  "crisis_support",
] as const;
export type PeerSupportComponent = (typeof PEER_SUPPORT_COMPONENTS)[number];

export const COMPONENT_LABELS: Record<PeerSupportComponent, string> = {
  assessment_planning_documentation: "Person-centered assessment, recovery planning, documentation and collaboration",
  advocacy: "Advocacy support",
  activation_engagement: "Activation and engagement in recovery",
  community_participation: "Community participation",
  transitional_support: "Transitional support",
  crisis_support: "Pre-crisis and crisis support",
};

export const SERVICE_PERIODS = ["week", "month"] as const;
export type ServicePeriod = (typeof SERVICE_PERIODS)[number];

/** "Budgeting Basics, 1 time a week, 90 minutes each". */
export function describeService(service: { groupName: string; timesPerPeriod: number; period: ServicePeriod; minutesPerContact: number }): string {
  const times = service.timesPerPeriod === 1 ? "once" : service.timesPerPeriod === 2 ? "twice" : `${service.timesPerPeriod} times`;
  return `${service.groupName}, ${times} a ${service.period}, ${service.minutesPerContact} minutes each`;
}

export const PROPOSAL_STATUS_LABELS = {
  open: "Waiting for staff",
  discussing: "Being discussed",
  accepted: "Added to your plan",
  withdrawn: "Withdrawn",
} as const;
