import { useCallback, useEffect, useRef, useState } from "react";
import type { AttendanceStatus } from "~/modules/attendance/rules";

/**
 * The roster's save queue (JavaScript only). A tap shows at once; the mark is sent to
 * /sessions/:id/mark one at a time, in tap order, the latest tap per person winning. When the
 * connection drops (or the server is briefly away) the marks wait — kept in this tab's
 * sessionStorage, so a reload does not lose them — and are sent when the browser is back online
 * and every few seconds until then. A mark the server refuses is shown as "Not saved" and dropped.
 * The server is told how long ago each tap was, so arrival times are those of the tap.
 */

/**
 * Why a mark waits or was refused: a catalog key of the queue's own text (shown in the page's
 * language), or the sentence the server answered (English, translated at display time).
 */
export type QueueNote = { key: QueueMessageKey } | { server: string };

export const QUEUE_MESSAGE_KEYS = {
  noConnection: "attendance.queue.message.noConnection",
  refused: "attendance.queue.message.refused",
  signedOut: "attendance.queue.message.signedOut",
  noLongerAllowed: "attendance.queue.message.noLongerAllowed",
  serverAway: "attendance.queue.message.serverAway",
} as const;
type QueueMessageKey = (typeof QUEUE_MESSAGE_KEYS)[keyof typeof QUEUE_MESSAGE_KEYS];

export type QueuedMark = { status: AttendanceStatus; phase: "saving" | "waiting" | "saved" | "refused"; note?: QueueNote };

type Pending = { status: AttendanceStatus; tappedAt: number };

type SendResult = { kind: "saved" } | { kind: "refused"; note: QueueNote } | { kind: "retry"; note: QueueNote };

const RETRY_MS = 5_000;
const storageKey = (sessionId: string) => `roster-marks:${sessionId}`;

async function sendMark(sessionId: string, userId: string, mark: Pending): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(`/sessions/${sessionId}/mark`, {
      method: "POST",
      body: new URLSearchParams({ intent: "mark", userId, status: mark.status, ageMs: String(Math.max(0, Date.now() - mark.tappedAt)) }),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    });
  } catch {
    return { kind: "retry", note: { key: QUEUE_MESSAGE_KEYS.noConnection } };
  }
  const body = (await response.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
  if (response.ok && body?.ok) return { kind: "saved" };
  if (response.status === 400) return { kind: "refused", note: body?.error ? { server: body.error } : { key: QUEUE_MESSAGE_KEYS.refused } };
  if (response.status === 401) return { kind: "retry", note: { key: QUEUE_MESSAGE_KEYS.signedOut } };
  if (response.status === 403 || response.status === 404) {
    return { kind: "refused", note: { key: QUEUE_MESSAGE_KEYS.noLongerAllowed } };
  }
  return { kind: "retry", note: { key: QUEUE_MESSAGE_KEYS.serverAway } };
}

function readStored(sessionId: string): Map<string, Pending> {
  try {
    const raw = window.sessionStorage.getItem(storageKey(sessionId));
    const entries = raw ? (JSON.parse(raw) as [string, Pending][]) : [];
    return new Map(entries.filter(([id, m]) => typeof id === "string" && typeof m?.status === "string" && typeof m?.tappedAt === "number"));
  } catch {
    return new Map();
  }
}

function writeStored(sessionId: string, pending: Map<string, Pending>) {
  try {
    if (pending.size === 0) window.sessionStorage.removeItem(storageKey(sessionId));
    else window.sessionStorage.setItem(storageKey(sessionId), JSON.stringify([...pending.entries()]));
  } catch {
    // Storage full or disabled: the queue still works for as long as the page stays open.
  }
}

/**
 * `onDrained` runs when every queued mark has been saved (the page then reloads its data);
 * `rowsVersion` changes when fresh roster data arrives, which retires the "saved" overlays.
 */
export function useMarkQueue(sessionId: string, options: { onDrained: () => void; rowsVersion: unknown }) {
  const pending = useRef(new Map<string, Pending>());
  const running = useRef(false);
  const [view, setView] = useState<Record<string, QueuedMark>>({});
  const onDrained = useRef(options.onDrained);
  onDrained.current = options.onDrained;

  const setEntry = useCallback((userId: string, entry: QueuedMark | null) => {
    setView((current) => {
      const next = { ...current };
      if (entry) next[userId] = entry;
      else delete next[userId];
      return next;
    });
  }, []);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    let saved = false;
    try {
      for (;;) {
        const first = pending.current.entries().next();
        if (first.done) break;
        const [userId, mark] = first.value;
        setEntry(userId, { status: mark.status, phase: "saving" });
        const result = await sendMark(sessionId, userId, mark);
        const latest = pending.current.get(userId);
        const superseded = !latest || latest.tappedAt !== mark.tappedAt;
        if (result.kind === "retry") {
          // Everything still queued waits for the connection.
          setView((current) => {
            const next = { ...current };
            for (const [id, m] of pending.current) next[id] = { status: m.status, phase: "waiting", note: result.note };
            return next;
          });
          break;
        }
        if (!superseded) pending.current.delete(userId);
        writeStored(sessionId, pending.current);
        if (result.kind === "saved") {
          saved = true;
          if (!superseded) setEntry(userId, { status: mark.status, phase: "saved" });
        } else if (!superseded) {
          setEntry(userId, { status: mark.status, phase: "refused", note: result.note });
        }
      }
    } finally {
      running.current = false;
    }
    if (saved && pending.current.size === 0) onDrained.current();
  }, [sessionId, setEntry]);

  const mark = useCallback(
    (userId: string, status: AttendanceStatus) => {
      // Re-queue at the end so the latest tap is sent after anything tapped before it.
      pending.current.delete(userId);
      pending.current.set(userId, { status, tappedAt: Date.now() });
      writeStored(sessionId, pending.current);
      setEntry(userId, { status, phase: "saving" });
      void pump();
    },
    [pump, sessionId, setEntry],
  );

  // Marks kept from before a reload are sent again.
  useEffect(() => {
    const stored = readStored(sessionId);
    if (stored.size === 0) return;
    for (const [id, m] of stored) if (!pending.current.has(id)) pending.current.set(id, m);
    setView((current) => {
      const next = { ...current };
      for (const [id, m] of pending.current) next[id] = { status: m.status, phase: "waiting" };
      return next;
    });
    void pump();
  }, [pump, sessionId]);

  // Retry when the browser says it is online again, when the tab is shown, and every few seconds.
  useEffect(() => {
    const retry = () => {
      if (pending.current.size > 0) void pump();
    };
    const timer = window.setInterval(retry, RETRY_MS);
    window.addEventListener("online", retry);
    document.addEventListener("visibilitychange", retry);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("online", retry);
      document.removeEventListener("visibilitychange", retry);
    };
  }, [pump]);

  // Fresh roster data shows the saved marks itself.
  useEffect(() => {
    setView((current) => {
      const next: Record<string, QueuedMark> = {};
      for (const [id, entry] of Object.entries(current)) if (entry.phase !== "saved") next[id] = entry;
      return next;
    });
  }, [options.rowsVersion]);

  const waiting = Object.values(view).filter((e) => e.phase === "waiting" || e.phase === "saving").length;
  const offline = Object.values(view).some((e) => e.phase === "waiting");
  return { view, mark, waiting, offline };
}
