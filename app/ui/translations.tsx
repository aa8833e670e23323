import { Form, Link } from "@remix-run/react";
import { ErrorSummary, TextArea, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { changedMeanwhile, SavedNow } from "~/ui/versions";

const LANGUAGE_NAMES: Record<string, string> = { es: "admin.translations.language.es" };

type Item = { kind: "crisis_text" | "group_description" | "feedback_question"; subjectId: string; title: string; text: string; translation: string; version: string };
type Overview = {
  language: string;
  languages: readonly string[];
  crisis: { text: string; translation: string; version: string; editable: boolean };
  groups: { id: string; name: string; description: string; translation: string; version: string }[];
  questions: { id: string; prompt: string; translation: string; version: string }[];
};

/**
 * One text as written, and a form for its translation (a plain form: works without JavaScript).
 * After a save refused as out of date, the translation as saved now is shown above the form, which
 * keeps the person's text.
 */
function TranslationForm({ item, language, failed }: { item: Item; language: string; failed?: ActionErrors }) {
  const id = `${item.kind}-${item.subjectId || "org"}`;
  const mine = failed?.values?.kind === item.kind && (failed.values.subjectId ?? "") === item.subjectId ? failed : undefined;
  const { t } = useTexts();
  const languageName = LANGUAGE_NAMES[language] ? t(LANGUAGE_NAMES[language]) : language;
  return (
    <section className="card" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{item.title}</h3>
      <p className="muted">{t("admin.translations.asWritten")}</p>
      <blockquote style={{ whiteSpace: "pre-wrap" }}>{item.text || t("admin.translations.empty")}</blockquote>
      <ErrorSummary
        data={mine}
        labels={{ text: t("admin.translations.translation"), subjectId: t("admin.translations.text"), language: t("admin.translations.languageLabel"), kind: t("admin.translations.text") }}
      />
      <SavedNow changed={changedMeanwhile(mine)} labels={{ text: t("admin.translations.translation") }}>
        <blockquote style={{ whiteSpace: "pre-wrap" }}>{item.translation || t("admin.translations.empty")}</blockquote>
      </SavedNow>
      <Form method="post">
        {/* The translation's version this page shows (or the one a refused save sent back): a save after someone else changed it is refused. */}
        <input type="hidden" name="version" value={mine?.values?.version ?? item.version} />
        <input type="hidden" name="kind" value={item.kind} />
        <input type="hidden" name="subjectId" value={item.subjectId} />
        <input type="hidden" name="language" value={language} />
        <TextArea name="text" label={t("admin.translations.inLanguage", { language: languageName })} defaultValue={mine ? undefined : item.translation} data={mine} rows={item.kind === "crisis_text" ? 6 : 3} />
        <button type="submit" className="secondary">
          {t("admin.translations.save")}
          <span className="visually-hidden">{t("admin.translations.saveOf", { title: item.title })}</span>
        </button>
      </Form>
    </section>
  );
}

export function TranslationForms({ data, failed }: { data: Overview; failed?: ActionErrors }) {
  const { t } = useTexts();
  const languageName = (l: string) => (LANGUAGE_NAMES[l] ? t(LANGUAGE_NAMES[l]) : l);
  const items: Item[] = [
    ...(data.crisis.editable
      ? [{ kind: "crisis_text" as const, subjectId: "", title: t("admin.translations.crisisTitle"), text: data.crisis.text, translation: data.crisis.translation, version: data.crisis.version }]
      : []),
    ...data.groups.map((g) => ({ kind: "group_description" as const, subjectId: g.id, title: t("admin.translations.groupTitle", { name: g.name }), text: g.description, translation: g.translation, version: g.version })),
    ...data.questions.map((q) => ({ kind: "feedback_question" as const, subjectId: q.id, title: t("admin.translations.questionTitle", { prompt: q.prompt }), text: q.prompt, translation: q.translation, version: q.version })),
  ];
  return (
    <>
      {data.languages.length > 1 ? (
        <p>
          {data.languages.map((l) => (
            <Link key={l} to={`?language=${l}`} aria-current={l === data.language ? "page" : undefined}>
              {languageName(l)}
            </Link>
          ))}
        </p>
      ) : null}
      <h2>{languageName(data.language)}</h2>
      {items.map((item) => (
        <TranslationForm key={`${item.kind}-${item.subjectId}`} item={item} language={data.language} failed={failed} />
      ))}
    </>
  );
}
