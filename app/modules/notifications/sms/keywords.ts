/**
 * Inbound text keywords (the carrier-standard opt-out words), matched on the whole message,
 * case- and space-insensitive. Pure.
 */
export type Keyword = "stop" | "start" | "help" | "other";

const STOP = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const START = new Set(["START", "UNSTOP"]);
const HELP = new Set(["HELP", "INFO"]);

export function keywordOf(body: string): Keyword {
  const word = body.trim().toUpperCase().replace(/[.!]+$/, "");
  if (STOP.has(word)) return "stop";
  if (START.has(word)) return "start";
  if (HELP.has(word)) return "help";
  return "other";
}
