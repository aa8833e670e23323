import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";

/** The 42 CFR 2.32 notice on printouts of substance-use group participation. */
export function RedisclosureNotice() {
  return (
    <section className="redisclosure" aria-labelledby="notice-2-32">
      <h2 id="notice-2-32">Notice (42 CFR 2.32)</h2>
      <p>{REDISCLOSURE_NOTICE_42_CFR_2_32}</p>
    </section>
  );
}
