import { Form, Link } from "@remix-run/react";
import { ErrorSummary, TextArea, type ActionErrors } from "~/ui/form";

const LANGUAGE_NAMES: Record<string, string> = { es: "Spanish (Español)" };

type Item = { kind: "crisis_text" | "group_description" | "feedback_question"; subjectId: string; title: string; text: string; translation: string };
type Overview = {
  language: string;
  languages: readonly string[];
  crisis: { text: string; translation: string; editable: boolean };
  groups: { id: string; name: string; description: string; translation: string }[];
  questions: { id: string; prompt: string; translation: string }[];
};

/** One text as written, and a form for its translation (a plain form: works without JavaScript). */
function TranslationForm({ item, language, failed }: { item: Item; language: string; failed?: ActionErrors }) {
  const id = `${item.kind}-${item.subjectId || "org"}`;
  const mine = failed?.values?.kind === item.kind && (failed.values.subjectId ?? "") === item.subjectId ? failed : undefined;
  return (
    <section className="card" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{item.title}</h3>
      <p className="muted">As written:</p>
      <blockquote style={{ whiteSpace: "pre-wrap" }}>{item.text || "(empty)"}</blockquote>
      <ErrorSummary data={mine} labels={{ text: "Translation", subjectId: "Text", language: "Language", kind: "Text" }} />
      <Form method="post">
        <input type="hidden" name="kind" value={item.kind} />
        <input type="hidden" name="subjectId" value={item.subjectId} />
        <input type="hidden" name="language" value={language} />
        <TextArea name="text" label={`In ${LANGUAGE_NAMES[language] ?? language}`} defaultValue={mine ? undefined : item.translation} data={mine} rows={item.kind === "crisis_text" ? 6 : 3} />
        <button type="submit" className="secondary">
          Save<span className="visually-hidden"> the translation of {item.title}</span>
        </button>
      </Form>
    </section>
  );
}

export function TranslationForms({ data, failed }: { data: Overview; failed?: ActionErrors }) {
  const items: Item[] = [
    ...(data.crisis.editable ? [{ kind: "crisis_text" as const, subjectId: "", title: "What to do in a crisis (the crisis page)", text: data.crisis.text, translation: data.crisis.translation }] : []),
    ...data.groups.map((g) => ({ kind: "group_description" as const, subjectId: g.id, title: `Description of ${g.name}`, text: g.description, translation: g.translation })),
    ...data.questions.map((q) => ({ kind: "feedback_question" as const, subjectId: q.id, title: `Feedback question: ${q.prompt}`, text: q.prompt, translation: q.translation })),
  ];
  return (
    <>
      {data.languages.length > 1 ? (
        <p>
          {data.languages.map((l) => (
            <Link key={l} to={`?language=${l}`} aria-current={l === data.language ? "page" : undefined}>
              {LANGUAGE_NAMES[l] ?? l}
            </Link>
          ))}
        </p>
      ) : null}
      <h2>{LANGUAGE_NAMES[data.language] ?? data.language}</h2>
      {items.map((item) => (
        <TranslationForm key={`${item.kind}-${item.subjectId}`} item={item} language={data.language} failed={failed} />
      ))}
    </>
  );
}
