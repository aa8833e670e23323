import { Form, Link } from "@remix-run/react";
import { GROUP_KIND_LABELS, GROUP_KINDS } from "~/modules/groups/schema";
import type { CatalogueFilter } from "~/modules/registration/schema";
import { formatClockIn } from "~/modules/time/zoned";
import { Notice, Select } from "./form";
import { useDateStyle } from "./time";
import { useTexts } from "~/ui/i18n";


/**
 * The catalogue's filters: a plain GET form, so it works without JavaScript and every result has
 * a shareable address. Used by the signed-in catalogue and an organisation's public catalogue.
 */
export function CatalogueFilters({
  filter,
  programs,
  clearTo,
  ignored,
  languages,
}: {
  filter: CatalogueFilter;
  programs: { id: string; name: string }[];
  clearTo: string;
  /** What the address held that could not be used (shown, never a failure). */
  ignored: string[];
  /** Signed-in catalogue only: kind and language filters too. */
  languages?: string[];
}) {
  const style = useDateStyle();
  const { t, message } = useTexts();
  const at = (hour: number) => formatClockIn(hour * 60, style);
  const days = [
    { value: "mon", label: t("public.filters.mon") },
    { value: "tue", label: t("public.filters.tue") },
    { value: "wed", label: t("public.filters.wed") },
    { value: "thu", label: t("public.filters.thu") },
    { value: "fri", label: t("public.filters.fri") },
    { value: "sat", label: t("public.filters.sat") },
    { value: "sun", label: t("public.filters.sun") },
  ];
  const values = { values: Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])) };
  return (
    <>
      {ignored.length ? (
        <Notice>
          <p>{t("public.filters.ignoredIntro")}</p>
          <ul>
            {ignored.map((m) => (
              <li key={m}>{message(m)}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {/* Remount on a new address so the fields show the filters in force (Clear filters, Back). */}
      <Form method="get" className="card" aria-label={t("public.filters.label")} key={JSON.stringify(filter)}>
        <div className="grid">
          {programs.length > 1 ? (
            <Select
              name="program"
              label={t("public.filters.program")}
              data={values}
              options={[{ value: "", label: t("public.filters.anyProgram") }, ...programs.map((p) => ({ value: p.id, label: p.name }))]}
            />
          ) : null}
          {languages ? (
            <Select
              name="kind"
              label={t("public.filters.kind")}
              data={values}
              options={[{ value: "", label: t("public.filters.anyKind") }, ...GROUP_KINDS.map((k) => ({ value: k, label: message(GROUP_KIND_LABELS[k]) }))]}
            />
          ) : null}
          <Select name="day" label={t("public.filters.day")} data={values} options={[{ value: "", label: t("public.filters.anyDay") }, ...days]} />
          <Select
            name="time"
            label={t("public.filters.time")}
            data={values}
            options={[
              { value: "", label: t("public.filters.anyTime") },
              { value: "morning", label: t("public.filters.morning", { noon: at(12) }) },
              { value: "afternoon", label: t("public.filters.afternoon", { noon: at(12), five: at(17) }) },
              { value: "evening", label: t("public.filters.evening", { five: at(17) }) },
            ]}
          />
          <Select
            name="mode"
            label={t("public.filters.where")}
            data={values}
            options={[
              { value: "", label: t("public.filters.anyWhere") },
              { value: "in_person", label: t("public.filters.inPerson") },
              { value: "online", label: t("public.filters.online") },
            ]}
          />
          {languages ? (
            <Select
              name="language"
              label={t("public.filters.language")}
              data={values}
              options={[{ value: "", label: t("public.filters.anyLanguage") }, ...languages.map((l) => ({ value: l, label: l }))]}
            />
          ) : null}
        </div>
        {/* One checkbox named "seats" (not the "seats[]" of a checkbox group): the address reads seats=open. */}
        <fieldset>
          <legend>{t("public.filters.seats")}</legend>
          <div className="checks">
            <label>
              <input type="checkbox" name="seats" value="open" defaultChecked={filter.seats === "open"} />
              {t("public.filters.openSeats")}
            </label>
          </div>
        </fieldset>
        <button type="submit">{t("public.filters.submit")}</button> <Link to={clearTo}>{t("public.filters.clear")}</Link>
      </Form>
    </>
  );
}
