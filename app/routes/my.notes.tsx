import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { myProgressNotes } from "~/modules/records/queries.server";
import { COMPONENT_LABELS } from "~/modules/plans/components";
import { CONTACT_MODE_LABELS } from "~/modules/records/contacts/schema";
import { progressLabel } from "~/modules/records/rules";
import { NoteText, Paragraphs } from "~/ui/records";
import { CivilDate, SessionTime, When } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "My progress notes · Group Sessions" }];

/** A participant's own signed progress notes, when their organisation shares them (off by default). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myProgressNotes(user)), zone: user.timezone };
}

export default function MyNotes() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>My progress notes</h1>
      {!d.enabled ? (
        <p>Your organisation does not share progress notes with participants here. You can ask your facilitator about your progress, or ask for a copy of your records.</p>
      ) : d.notes.length === 0 ? (
        <p>No signed progress notes about you yet.</p>
      ) : (
        <ul aria-label="Progress notes">
          {d.notes.map((n) => (
            <li key={n.id} className="card">
              <h2>{n.groupName}</h2>
              <p>
                <SessionTime start={n.startsAt} end={n.endsAt} zone={d.zone} />
              </p>
              <NoteText label="What you worked on" text={n.workedOn} />
              <NoteText label="Progress" text={progressLabel(n.progressRating)} />
              <NoteText label="Next step" text={n.nextStep} />
              <p className="muted">Written by {n.writer ?? "a former staff member"}.</p>
              {n.addenda.map((a) => (
                <div key={a.id}>
                  <h3>
                    Added by {a.authorName ?? "a former staff member"}, <When at={a.createdAt} zone={d.zone} />
                  </h3>
                  <Paragraphs text={a.body} />
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      {d.contacts.length ? (
        <>
          <h2>One-to-one contacts</h2>
          <ul aria-label="One-to-one contacts">
            {d.contacts.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <CivilDate date={c.contactDate} />, {CONTACT_MODE_LABELS[c.mode]}, {c.minutes} minutes
                </h3>
                <NoteText label="Kind of support" text={c.component ? COMPONENT_LABELS[c.component] : null} />
                <NoteText label="Note" text={c.note} />
                <p className="muted">Written by {c.writer ?? "a former staff member"}.</p>
                {c.addenda.map((a) => (
                  <div key={a.id}>
                    <h4>
                      Added by {a.authorName ?? "a former staff member"}, <When at={a.createdAt} zone={d.zone} />
                    </h4>
                    <Paragraphs text={a.body} />
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
