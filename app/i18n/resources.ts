/** One language's texts: its message catalog (area → nested keys) and its translations of the server's English sentences. */
export type LanguageResources = { catalog: Record<string, unknown>; messages: Record<string, string> };
