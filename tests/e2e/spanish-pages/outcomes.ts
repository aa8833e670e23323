import type { SpanishPage } from "./types";

/** Pages of this area that the Spanish walk opens (see types.ts). */
export const pages: SpanishPage[] = [];
