import { z } from "zod";

/** A one-time form token as newFormToken() makes it (app/modules/forms/mutations.server.ts). */
export const FORM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;
export const OUT_OF_DATE = "This form is out of date: open the page again and send it.";

/** The hidden one-time token field; optional, so a page rendered before it existed still sends. */
export const formToken = z.string().regex(FORM_TOKEN_PATTERN, OUT_OF_DATE).optional();
