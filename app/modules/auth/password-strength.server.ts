import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * ASVS 2.1: refuse passwords that are on lists of breached or common passwords, or that are
 * easy to guess for another reason. The list is zxcvbn-ts's common passwords (≈49,000 entries,
 * from breach corpora), shipped inside the npm package. It is a `.server` file so the list never
 * reaches the browser bundle.
 */
let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((w) => w.toLowerCase()));
  return common;
}

export const MIN_DISTINCT_CHARACTERS = 5;

/** "abcdefghij", "9876543210": each character one step from the one before. */
function isSequence(text: string): boolean {
  const codes = [...text].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

export function passwordIsTooEasy(password: string): boolean {
  const lower = password.toLowerCase();
  if (new Set(lower).size < MIN_DISTINCT_CHARACTERS) return true;
  if (isSequence(lower)) return true;
  const list = commonPasswords();
  if (list.has(lower)) return true;
  // "Password2024!", "!!iloveyou99": a common password with digits or symbols stuck on either end.
  const core = lower.replace(/^[\d\W_]+/, "").replace(/[\d\W_]+$/, "");
  if (core.length >= 4 && core !== lower && list.has(core)) return true;
  return false;
}
