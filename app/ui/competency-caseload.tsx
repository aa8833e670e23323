import { Form } from "@remix-run/react";
import type { ActionErrors } from "~/ui/form";
import { Field, Select } from "~/ui/form";

type Limit = { id: string; role: string | null; itemId: string | null; itemName: string | null; maxGroups: number | null; maxParticipants: number | null };

const ROLE_NAMES: Record<string, string> = { facilitator: "Facilitators", manager: "Managers", admin: "Administrators" };
const limitText = (n: number | null, what: string) => (n === null ? `no ${what} limit` : `${n} ${what}`);

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
  const options = [
    { value: "", label: "Choose…" },
    ...Object.entries(ROLE_NAMES).map(([role, label]) => ({ value: `role:${role}`, label: `Role: ${label}` })),
    ...qualifications.map((q) => ({ value: `item:${q.id}`, label: `Holders of: ${q.name}${q.standard ? ` (${q.standard})` : ""}` })),
  ];
  return (
    <section aria-labelledby="limits-by-role">
      <h2 id="limits-by-role">Limits by role or qualification</h2>
      <p>
        A facilitator with a current verified record of a qualification below gets that qualification's limits (holding several, the most
        generous of each); otherwise their role's limits; otherwise the limits above. Leave a number empty for no limit of that kind.
      </p>
      {limits.length === 0 ? (
        <p>None yet: everyone has the limits above.</p>
      ) : (
        <ul>
          {limits.map((l) => (
            <li key={l.id}>
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="remove-limit" />
                <input type="hidden" name="limitId" value={l.id} />
                <span>
                  {l.role ? ROLE_NAMES[l.role] ?? l.role : `Holders of ${l.itemName ?? "a removed item"}`}: {limitText(l.maxGroups, "groups")},{" "}
                  {limitText(l.maxParticipants, "participants")}
                </span>
                <button type="submit" className="secondary">
                  Remove<span className="visually-hidden"> the limit for {l.role ? ROLE_NAMES[l.role] : l.itemName}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="limit" />
        <Select name="appliesTo" label="Applies to" data={data} options={options} />
        <Field name="maxGroups" label="Most groups" type="number" inputMode="numeric" min={1} data={data} />
        <Field name="maxParticipants" label="Most participant load" hint="Counted as above: urgent intakes weigh more." type="number" inputMode="numeric" min={1} data={data} />
        <button type="submit">Save this limit</button>
      </Form>
    </section>
  );
}
