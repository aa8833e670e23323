/**
 * The failures a module raises. Modules throw these; routes turn them into responses (a thrown
 * Response is what Remix renders as the error page; a UserInputError becomes a 400 form failure
 * through `attempt` in ~/web/http.server). Modules import them from here, never from the web layer.
 */

const TEXT = { "content-type": "text/plain; charset=utf-8" };

export function notFound(message = "We can't find that page."): never {
  throw new Response(message, { status: 404, headers: TEXT });
}

export function forbidden(message = "You do not have access to this page."): never {
  throw new Response(message, { status: 403, headers: TEXT });
}

/** A failure raised inside a module (business rule) that the route shows like a validation error. */
export class UserInputError extends Error {
  constructor(
    message: string,
    public field: string = "_form",
  ) {
    super(message);
  }

  /**
   * The failure as data (JSON), when the page words it from catalog keys rather than showing the
   * English `message`: sent beside the errors as the form failure's `details`.
   */
  get details(): unknown {
    return undefined;
  }
}
