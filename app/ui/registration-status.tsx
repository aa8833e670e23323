const LABELS: Record<string, string> = {
  enrolled: "Enrolled",
  waitlisted: "On the waitlist",
  offered: "Seat offered",
  declined: "Offer declined or lapsed",
  withdrawn: "Withdrawn",
  removed: "Removed by staff",
  interested: "Interested",
};

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
