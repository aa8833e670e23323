import { Form, Link } from "@remix-run/react";
import { UNDO_WITHDRAW_MINUTES } from "~/modules/registration/waitlist";
import { When } from "~/ui/time";

type Preview = { enrolmentId: string; groupName: string; status: string; waiting: number; byOffer: boolean };

/** What withdrawing does, said before it happens; a plain form, so it works without JavaScript. */
export function WithdrawConfirmation({ preview }: { preview: Preview }) {
  const seat = preview.status === "enrolled";
  const next = preview.byOffer ? "is offered your seat at once" : "gets your seat at once";
  return (
    <div className="card warnings" id="confirm-withdraw" role="region" aria-labelledby="confirm-withdraw-title">
      <h3 id="confirm-withdraw-title">{seat ? `Withdraw from ${preview.groupName}?` : `Leave the waitlist for ${preview.groupName}?`}</h3>
      {seat ? (
        preview.waiting > 0 ? (
          <p>
            Your seat goes to the next person: {preview.waiting} {preview.waiting === 1 ? "person is" : "people are"} waiting, and the first{" "}
            {next}. You cannot get it back; you could only join the waitlist again.
          </p>
        ) : (
          <p>
            Your seat becomes free for anyone who registers. You can undo this for {UNDO_WITHDRAW_MINUTES} minutes, as long as nobody has
            taken the seat.
          </p>
        )
      ) : (
        <p>You lose your place in line. You can undo this for {UNDO_WITHDRAW_MINUTES} minutes and get the same place back.</p>
      )}
      <div className="row">
        <Form method="post">
          <input type="hidden" name="enrolmentId" value={preview.enrolmentId} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" name="intent" value="withdraw">
            {seat ? "Yes, withdraw and give up my seat" : "Yes, leave the waitlist"}
          </button>
        </Form>
        <Link to="/my/groups" preventScrollReset>
          {seat ? "No, keep my seat" : "No, keep my place"}
        </Link>
      </div>
    </div>
  );
}

type Undo = { enrolmentId: string; groupName: string } & ({ ok: true; to: string; until: string | Date } | { ok: false; why: string });

/** Right after withdrawing: take it back while the seat (or place) is still free. */
export function UndoWithdrawal({ undo, zone }: { undo: Undo; zone: string }) {
  if (!undo.ok) return <p className="muted">{undo.why}</p>;
  return (
    <Form method="post" className="card" aria-label={`Undo withdrawing from ${undo.groupName}`}>
      <p>
        {undo.to === "enrolled" ? "Your seat" : "Your place in line"} in {undo.groupName} is still free. Changed your mind? You can undo until{" "}
        <When at={typeof undo.until === "string" ? undo.until : undo.until.toISOString()} zone={zone} />.
      </p>
      <input type="hidden" name="enrolmentId" value={undo.enrolmentId} />
      <button type="submit" name="intent" value="undo-withdraw">
        Undo: take my {undo.to === "enrolled" ? "seat" : "place"} back
      </button>
    </Form>
  );
}
