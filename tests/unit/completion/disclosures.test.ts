import { describe, expect, it } from "vitest";
import { describeAction } from "~/modules/audit/disclosures";

describe("disclosure history wording", () => {
  it("names a staff download of a certificate as an export and the summary as a view", async () => {
    expect(describeAction("certificate.downloaded")).toMatchObject({ kind: "exported", what: "Your certificate of completion, downloaded by staff" });
    expect(describeAction("discharge_summary.viewed")).toMatchObject({ kind: "viewed", what: "Your discharge summary" });
    expect(describeAction("completion.progress_viewed").kind).toBe("viewed");
  });
});
