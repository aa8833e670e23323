import { Form } from "@remix-run/react";
import type { ActionErrors } from "~/ui/form";
import { Field, Select } from "~/ui/form";
import { useTexts } from "~/ui/i18n";

type Limit = { id: string; role: string | null; itemId: string | null; itemName: string | null; maxGroups: number | null; maxParticipants: number | null };

const ROLE_NAMES: Record<string, string> = {
  facilitator: "competency.caseload.roles.facilitator",
  manager: "competency.caseload.roles.manager",
  admin: "competency.caseload.roles.admin",
};

/** PA-CSE 2.08: limits that differ by role or qualification, with the rule that picks one. */
export function CaseloadLimitsByRole({
  limits,
  qualifications,
  data,
}: {
  limits: Limit[];
  qualifications: { id: string; name: string; standard: string }[];
  data?: ActionErrors;
}) {
  const { t } = useTexts();
  const roleName = (role: string) => (ROLE_NAMES[role] ? t(ROLE_NAMES[role]) : role);
  const groupsText = (n: number | null) => (n === null ? t("competency.caseload.noGroupLimit") : t("competency.caseload.groups", { count: n, n: String(n) }));
  const participantsText = (n: number | null) =>
    n === null ? t("competency.caseload.noParticipantLimit") : t("competency.caseload.participants", { count: n, n: String(n) });
  const options = [
    { value: "", label: t("competency.caseload.choose") },
    ...Object.keys(ROLE_NAMES).map((role) => ({ value: `role:${role}`, label: t("competency.caseload.roleOption", { role: roleName(role) }) })),
    ...qualifications.map((q) => ({ value: `item:${q.id}`, label: t("competency.caseload.holdersOption", { name: `${q.name}${q.standard ? ` (${q.standard})` : ""}` }) })),
  ];
  return (
    <section aria-labelledby="limits-by-role">
      <h2 id="limits-by-role">{t("competency.caseload.title")}</h2>
      <p>{t("competency.caseload.intro")}</p>
      {limits.length === 0 ? (
        <p>{t("competency.caseload.none")}</p>
      ) : (
        <ul>
          {limits.map((l) => (
            <li key={l.id}>
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="remove-limit" />
                <input type="hidden" name="limitId" value={l.id} />
                <span>
                  {l.role ? roleName(l.role) : t("competency.caseload.holders", { name: l.itemName ?? t("competency.caseload.removedItem") })}:{" "}
                  {groupsText(l.maxGroups)}, {participantsText(l.maxParticipants)}
                </span>
                <button type="submit" className="secondary">
                  {t("competency.caseload.remove")}
                  <span className="visually-hidden">{t("competency.caseload.removeFor", { name: l.role ? roleName(l.role) : (l.itemName ?? "") })}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="limit" />
        <Select name="appliesTo" label={t("competency.caseload.appliesTo")} data={data} options={options} />
        <Field name="maxGroups" label={t("competency.caseload.maxGroups")} type="number" inputMode="numeric" min={1} data={data} />
        <Field
          name="maxParticipants"
          label={t("competency.caseload.maxParticipants")}
          hint={t("competency.caseload.maxParticipantsHint")}
          type="number"
          inputMode="numeric"
          min={1}
          data={data}
        />
        <button type="submit">{t("competency.caseload.save")}</button>
      </Form>
    </section>
  );
}
