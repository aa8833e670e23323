/**
 * Styles of the attendance pages, rendered with them (the CSP allows inline styles, not scripts).
 * Mobile first: one person per card, status buttons wrap to fit a phone; print shows a clean sheet.
 */
const css = `
.roster { list-style:none; padding:0; margin:0; }
.roster-row { border:1px solid var(--line); border-radius:.5rem; padding:.6rem .75rem; margin:.5rem 0; display:flex; flex-direction:column; gap:.4rem; }
.roster-row.status-row-present, .roster-row.status-row-late, .roster-row.status-row-left_early { border-left:6px solid var(--ok); }
.roster-row.status-row-absent { border-left:6px solid var(--danger); }
.roster-row.status-row-excused { border-left:6px solid #6941c6; }
.roster-person { display:flex; flex-wrap:wrap; gap:.25rem .6rem; align-items:baseline; }
.roster-state { color:var(--muted); }
.apology { color:#53389e; font-weight:600; }
.badge { display:inline-block; font-size:.8rem; padding:0 .4rem; border-radius:999px; background:#eef4ff; color:#1e3a8a; border:1px solid #1e3a8a; }
.status-buttons { display:flex; flex-wrap:wrap; gap:.35rem; }
.status-button { background:#fff; color:var(--accent-dark); border:1px solid var(--accent-dark); padding:.45rem .7rem; flex:1 1 auto; }
.status-button[aria-pressed=true] { background:var(--accent-dark); color:#fff; font-weight:700; }
.status-button[aria-pressed=true]::before { content:"✓ "; }
.roster-details summary { cursor:pointer; color:var(--accent); min-height:32px; }
.details-form { display:grid; gap:.25rem; margin-top:.5rem; }
.history { font-size:.9rem; padding-left:1.2rem; }
.history-title { font-size:1rem; margin:.75rem 0 .25rem; }
.roster-summary { font-weight:600; }
.checkin-screen { display:flex; flex-wrap:wrap; gap:1.5rem; align-items:center; }
.checkin-screen .qr { width:min(280px, 80vw); height:auto; border:1px solid var(--line); background:#fff; }
.checkin-code { font-family:ui-monospace, "SFMono-Regular", Menlo, monospace; font-size:clamp(2.5rem, 12vw, 5rem); letter-spacing:.2em; font-weight:700; margin:.25rem 0; }
.big-button { font-size:1.25rem; padding:1rem 2rem; width:100%; max-width:24rem; }
.paper-row { margin:.5rem 0; }
.sheet-table th, .sheet-table td { border:1px solid #98a2b3; }
.sheet-table .tick { text-align:center; font-size:1.2rem; }
.sheet-table tr.blank th { height:2.2rem; }
.candidates { list-style:none; padding:0; }
@media print {
  .sheet-table th { background:#fff; }
  .sheet-table tr { break-inside:avoid; }
  .roster-details, .status-buttons { display:none; }
  body { font-size:11pt; }
}
`;

export function AttendanceStyles() {
  // As raw HTML: React would escape the quotes as text, and the browser reads <style> verbatim.
  return <style dangerouslySetInnerHTML={{ __html: css }} />;
}
