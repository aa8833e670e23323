import { Link } from "@remix-run/react";
import { ChangeList, type ChangeItem } from "~/ui/voice-parts";
import { useTexts } from "~/ui/i18n";

/** Group page section: the group's rules, proposals and "you said, we did". */
export function VoiceGroupSection({ groupId, changes, zone }: { groupId: string; changes: ChangeItem[]; zone: string }) {
  const { t } = useTexts();
  return (
    <section aria-labelledby="group-voice">
      <h2 id="group-voice">{t("voice.group.title")}</h2>
      <p>
        <Link to={`/groups/${groupId}/rules`}>{t("voice.group.rules")}</Link> · <Link to="/proposals">{t("voice.group.proposals")}</Link> ·{" "}
        <Link to="/concerns/new">{t("voice.group.concern")}</Link>
      </p>
      <h3>{t("voice.group.changes")}</h3>
      <ChangeList changes={changes} zone={zone} headingLevel={4} />
    </section>
  );
}
