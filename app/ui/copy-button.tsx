import { useEffect, useState } from "react";

/**
 * "Copy" for a link shown on the page. Only rendered once JavaScript runs and the clipboard is
 * available; without it the link stays selectable text.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!canCopy) return null;
  return (
    <span>
      <button type="button" className="secondary" onClick={() => navigator.clipboard.writeText(text).then(() => setCopied("yes"), () => setCopied("no"))}>
        {label}
      </button>{" "}
      <span role="status">{copied === "yes" ? "Copied." : copied === "no" ? "Could not copy: select the link and copy it." : ""}</span>
    </span>
  );
}
