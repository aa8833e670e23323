/** What the demo seed shares with each capability's part (here, so the parts need not import the seed that runs them). */
import type { CurrentUser } from "~/modules/auth/policy";

/** The password of every demo account (README "Demo accounts"). */
export const DEMO_PASSWORD = "demo-password-1";

/** What every capability's demo seed receives: the base demo agency, built first. */
export type DemoContext = {
  now: Date;
  organizationId: string;
  /** user ids by demo email */
  userIds: Record<string, string>;
  /** group ids by name: "Budgeting Basics", "Resume & Interview Workshop", "Tuesday Peer Recovery Circle" */
  groupIds: Record<string, string>;
  programId: string;
  manager: CurrentUser;
};
