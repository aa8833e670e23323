import { describe, expect, it } from "vitest";
import type { Executor } from "~/db/client.server";
import { AUDIT_ACTIONS, isAuditAction } from "~/modules/audit/actions";
import type { audit as auditFn } from "~/modules/audit/mutations.server";
import { describeAction } from "~/modules/audit/disclosures";

/**
 * Type-level checks: `tsc --noEmit` (npm test's typecheck) compiles this file, and each
 * `@ts-expect-error` fails the typecheck if the line below it stops being an error.
 * The function is never called; it only has to compile.
 */
export function auditTypeChecks(audit: typeof auditFn, tx: Executor) {
  void audit(tx, { organizationId: "o", actorId: "u", action: "attendance.mark", subjectType: "attendance", subjectId: "s" });
  // @ts-expect-error a misspelt action is not an audit action
  void audit(tx, { organizationId: "o", actorId: "u", action: "atendance.mark", subjectType: "attendance", subjectId: "s" });
  // @ts-expect-error an action nobody declared in AUDIT_ACTIONS
  void audit(tx, { organizationId: "o", actorId: "u", action: "goal.delete", subjectType: "participant_goal", subjectId: "g" });
  void audit(tx, { organizationId: "o", actorId: "u", action: "goal.status", subjectType: "participant_goal", subjectId: "g", before: { status: "active" }, after: { status: "met" } });
  // @ts-expect-error goal.status records { status } before and after
  void audit(tx, { organizationId: "o", actorId: "u", action: "goal.status", subjectType: "participant_goal", subjectId: "g", after: { state: "met" } });
  // @ts-expect-error the old field name actorUserId is not accepted
  void audit(tx, { organizationId: "o", actorUserId: "u", action: "goal.status", subjectType: "participant_goal", subjectId: "g" });
}

describe("audit actions", () => {
  it("lists each action once, in order, so the viewer's filter is sorted and unambiguous", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect([...AUDIT_ACTIONS]).toEqual([...AUDIT_ACTIONS].sort());
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z0-9_.]{1,80}$/);
  });

  it("tells known actions from anything else", () => {
    expect(isAuditAction("attendance.mark")).toBe(true);
    expect(isAuditAction("attendance.marks")).toBe(false);
    expect(isAuditAction("")).toBe(false);
  });

  it("describes listed and unlisted actions for the disclosure history", () => {
    expect(describeAction("intake.view")).toEqual({ kind: "viewed", what: "Your intake answers", purpose: "Screening and intake" });
    expect(describeAction("test.bulk_export")).toEqual({ kind: "exported", what: "test bulk export", purpose: "Operations" });
  });
});
