/**
 * Inbound text keywords, matched on the whole message: the carrier-standard opt-out words, the
 * ones Twilio honours (REVOKE, OPTOUT), and the Spanish and French ones (texts are bilingual), so a
 * person who texts any of them is not texted again. Case, accents, spaces, hyphens, trailing
 * punctuation and fullwidth or compatibility forms (ＳＴＯＰ) do not matter. When the provider says
 * what it did with the message (Twilio's OptOutType: STOP, START, HELP), that wins: its list is the
 * one that decides whether the carrier still delivers. Pure.
 */
export type Keyword = "stop" | "start" | "help" | "other";

const STOP = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "BAJA", "PARAR", "ALTO", "ARRET"]);
const START = new Set(["START", "UNSTOP"]);
const HELP = new Set(["HELP", "INFO", "AYUDA"]);

/** The message as one bare word: NFKC (fullwidth → ASCII), accents removed, upper case, no spaces, hyphens, invisible characters or end punctuation. */
export function keywordText(body: string): string {
  return body
    .normalize("NFKC")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\p{Cf}/gu, "")
    .toUpperCase()
    .replace(/[\s\-_]+/gu, "")
    .replace(/^[¡¿]+|[.!?¡¿]+$/gu, "");
}

export function keywordOf(body: string, optOutType = ""): Keyword {
  const type = optOutType.trim().toUpperCase();
  if (type === "STOP") return "stop";
  if (type === "START") return "start";
  if (type === "HELP") return "help";
  const word = keywordText(body);
  if (STOP.has(word)) return "stop";
  if (START.has(word)) return "start";
  if (HELP.has(word)) return "help";
  return "other";
}
