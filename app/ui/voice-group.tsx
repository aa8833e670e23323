import { Link } from "@remix-run/react";
import { ChangeList, type ChangeItem } from "~/ui/voice-parts";

/** Group page section: the group's rules, proposals and "you said, we did". */
export function VoiceGroupSection({ groupId, changes, zone }: { groupId: string; changes: ChangeItem[]; zone: string }) {
  return (
    <section aria-labelledby="group-voice">
      <h2 id="group-voice">Have your say</h2>
      <p>
        <Link to={`/groups/${groupId}/rules`}>Group rules</Link> · <Link to="/proposals">Proposals and votes</Link> ·{" "}
        <Link to="/concerns/new">Raise a concern</Link>
      </p>
      <h3>You said, we did</h3>
      <ChangeList changes={changes} zone={zone} headingLevel={4} />
    </section>
  );
}
