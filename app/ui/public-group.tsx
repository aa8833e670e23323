import { Link } from "@remix-run/react";
import { GROUP_KIND_LABELS, type GROUP_KINDS } from "~/modules/groups/schema";
import type { PublicViewer } from "~/modules/registration/policy";
import { SessionTime } from "~/ui/time";
import { useTexts } from "~/ui/i18n";
import { languageName } from "~/ui/language-name";

/** What the public pages (signed out) know of a group: no link, no person. */
export type PublicGroup = {
  id: string;
  name: string;
  kind: (typeof GROUP_KINDS)[number];
  description: string;
  timezone: string;
  place: string;
  language: string;
  programName: string;
  seats: { seatsLeft: number; label: string };
  nextSessions: { startsAt: string; endsAt: string }[];
};

/** How the viewer relates to the organisation (decided by the registration policy). */
export type Viewer = PublicViewer;

/** Where "Join" leads: a member to the registration; a signed-out visitor to sign-up (or sign-in) that returns to it. */
export function joinLinks(slug: string, groupId: string) {
  const register = `/groups/${groupId}/register`;
  const back = encodeURIComponent(register);
  return { register, signup: `/o/${slug}/signup?redirectTo=${back}`, login: `/login?redirectTo=${back}` };
}

export function GroupFacts({ group }: { group: PublicGroup }) {
  const { t, message, locale } = useTexts();
  return (
    <>
      <p className="muted">
        {message(GROUP_KIND_LABELS[group.kind])} · {group.programName} · {group.place} · {t("public.language", { language: languageName(group.language, locale) })}
      </p>
      <p>{group.description}</p>
      <p>
        <strong>{message(group.seats.label)}</strong>
      </p>
    </>
  );
}

export function NextSessions({ group, zone }: { group: PublicGroup; zone: string }) {
  const { t } = useTexts();
  if (group.nextSessions.length === 0) return <p>{t("public.noSessions")}</p>;
  return (
    <ul>
      {group.nextSessions.map((s) => (
        <li key={s.startsAt}>
          <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
        </li>
      ))}
    </ul>
  );
}

export function JoinLinks({ slug, group, viewer }: { slug: string; group: PublicGroup; viewer: Viewer }) {
  const links = joinLinks(slug, group.id);
  const { t } = useTexts();
  const label = group.seats.seatsLeft > 0 ? t("public.join") : t("public.joinWaitlist");
  if (viewer === "elsewhere") return <p className="muted">{t("public.elsewhere")}</p>;
  if (viewer === "staff") {
    return (
      <p>
        <Link to={`/groups/${group.id}`}>{t("public.openInAccount", { group: group.name })}</Link>
      </p>
    );
  }
  if (viewer === "member") {
    return (
      <p>
        <Link className="button" to={links.register}>
          {label}
          <span className="visually-hidden">{t("public.forGroup", { group: group.name })}</span>
        </Link>
      </p>
    );
  }
  return (
    <p>
      <Link className="button" to={links.signup}>
        {label}
        <span className="visually-hidden">{t("public.forGroup", { group: group.name })}</span>
      </Link>{" "}
      <span className="muted">{t("public.haveAccount")}</span>{" "}
      <Link to={links.login}>
        {t("public.signIn")}
        <span className="visually-hidden">{t("public.toJoin", { group: group.name })}</span>
      </Link>
    </p>
  );
}
