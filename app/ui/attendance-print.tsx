import { useHydrated } from "~/ui/attendance-roster";

/** A print button when scripts run; without them, the browser's own Print command does the same. */
export function PrintButton() {
  const hydrated = useHydrated();
  if (!hydrated) return <span>Use your browser&apos;s Print command</span>;
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      Print this sheet
    </button>
  );
}
