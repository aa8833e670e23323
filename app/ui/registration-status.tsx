import { REGISTRATION_STATUS_LABELS as LABELS } from "~/modules/registration/schema";

/** A registration status as a labelled pill (text, not colour alone). */
export function RegistrationStatus({ status, position }: { status: string; position?: number | null }) {
  const tone = status === "enrolled" ? "status-held" : status === "removed" || status === "declined" ? "status-cancelled" : "";
  return (
    <span className={`status ${tone}`}>
      {LABELS[status] ?? status}
      {status === "waitlisted" && position ? `: number ${position}` : ""}
    </span>
  );
}

export function registrationStatusLabel(status: string): string {
  return LABELS[status] ?? status;
}
