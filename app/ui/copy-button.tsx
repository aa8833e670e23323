import { useEffect, useState } from "react";
import { useTexts } from "~/ui/i18n";

/**
 * "Copy" for a link shown on the page. Only rendered once JavaScript runs and the clipboard is
 * available; without it the link stays selectable text.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  const { t } = useTexts();
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!canCopy) return null;
  return (
    <span>
      <button type="button" className="secondary" onClick={() => navigator.clipboard.writeText(text).then(() => setCopied("yes"), () => setCopied("no"))}>
        {label}
      </button>{" "}
      <span role="status">{copied === "yes" ? t("voice.copy.copied") : copied === "no" ? t("voice.copy.failed") : ""}</span>
    </span>
  );
}
