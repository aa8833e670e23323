import { Form, Link } from "@remix-run/react";
import { UNDO_WITHDRAW_MINUTES } from "~/modules/registration/waitlist";
import { When } from "~/ui/time";
import { useTexts } from "~/ui/i18n";

type Preview = { enrolmentId: string; groupName: string; status: string; waiting: number; byOffer: boolean };

/** What withdrawing does, said before it happens; a plain form, so it works without JavaScript. */
export function WithdrawConfirmation({ preview }: { preview: Preview }) {
  const seat = preview.status === "enrolled";
  const { t } = useTexts();
  const next = preview.byOffer ? t("my.groups.confirm.isOffered") : t("my.groups.confirm.gets");
  return (
    <div className="card warnings" id="confirm-withdraw" role="region" aria-labelledby="confirm-withdraw-title">
      <h3 id="confirm-withdraw-title">
        {seat ? t("my.groups.confirm.withdrawTitle", { group: preview.groupName }) : t("my.groups.confirm.leaveTitle", { group: preview.groupName })}
      </h3>
      {seat ? (
        preview.waiting > 0 ? (
          <p>{t("my.groups.confirm.seatGoes", { waiting: preview.waiting, next })}</p>
        ) : (
          <p>{t("my.groups.confirm.seatFree", { minutes: UNDO_WITHDRAW_MINUTES })}</p>
        )
      ) : (
        <p>{t("my.groups.confirm.losePlace", { minutes: UNDO_WITHDRAW_MINUTES })}</p>
      )}
      <div className="row">
        <Form method="post">
          <input type="hidden" name="enrolmentId" value={preview.enrolmentId} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" name="intent" value="withdraw">
            {seat ? t("my.groups.confirm.yesWithdraw") : t("my.groups.confirm.yesLeave")}
          </button>
        </Form>
        <Link to="/my/groups" preventScrollReset>
          {seat ? t("my.groups.confirm.keepSeat") : t("my.groups.confirm.keepPlace")}
        </Link>
      </div>
    </div>
  );
}

type Undo = { enrolmentId: string; groupName: string } & ({ ok: true; to: string; until: string | Date } | { ok: false; why: string });

/** Right after withdrawing: take it back while the seat (or place) is still free. */
export function UndoWithdrawal({ undo, zone }: { undo: Undo; zone: string }) {
  const { t, message } = useTexts();
  if (!undo.ok) return <p className="muted">{message(undo.why)}</p>;
  return (
    <Form method="post" className="card" aria-label={t("my.groups.undo.label", { group: undo.groupName })}>
      <p>
        {undo.to === "enrolled" ? t("my.groups.undo.seatFree", { group: undo.groupName }) : t("my.groups.undo.placeFree", { group: undo.groupName })}
        <When at={typeof undo.until === "string" ? undo.until : undo.until.toISOString()} zone={zone} />.
      </p>
      <input type="hidden" name="enrolmentId" value={undo.enrolmentId} />
      <button type="submit" name="intent" value="undo-withdraw">
        {undo.to === "enrolled" ? t("my.groups.undo.takeSeat") : t("my.groups.undo.takePlace")}
      </button>
    </Form>
  );
}
