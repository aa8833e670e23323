import { REGISTRATION_STATUS_LABELS as LABELS } from "~/modules/registration/schema";
import { useTexts } from "~/ui/i18n";

/** A registration status as a labelled pill (text, not colour alone). */
export function RegistrationStatus({ status, position }: { status: string; position?: number | null }) {
  const tone = status === "enrolled" ? "status-held" : status === "removed" || status === "declined" ? "status-cancelled" : "";
  const { t, message } = useTexts();
  return (
    <span className={`status ${tone}`}>
      {message(LABELS[status] ?? status)}
      {status === "waitlisted" && position ? t("registration.number", { position: String(position) }) : ""}
    </span>
  );
}

export function registrationStatusLabel(status: string): string {
  return LABELS[status] ?? status;
}
