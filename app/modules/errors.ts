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

/**
 * A save from a form that named no version of what it shows (a page kept open from before forms
 * carried one, a crafted post): it cannot be compared with what others saved meanwhile, so it is
 * refused. `current` is the version now saved: `attempt` sends it back in the form's values, so
 * the page's form carries it and saving again after a look works.
 */
export class UnversionedSave extends UserInputError {
  constructor(
    message: string,
    public current: string,
  ) {
    super(message);
  }
}

/**
 * A save from a form opened on a version of a shared record that is no longer the saved one
 * (someone else changed it meanwhile): nothing is saved. `current` is the version saved now and
 * `changed` the fields that differ (form field names): `attempt` sends the version back in the
 * form's values and the fields in `details`, so the page keeps the person's entries, shows what is
 * saved now beside them, and saving again after comparing works.
 */
export class StaleSave extends UserInputError {
  constructor(
    message: string,
    public current: string,
    public changed: readonly string[],
  ) {
    super(message);
  }

  get details(): unknown {
    return { changed: this.changed };
  }
}

/** Sent by a form that named no version (a group, a note, the plan's basics, a person's answers): see UnversionedSave. */
export const NO_VERSION_NOTE =
  "This form did not say which version of the note it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved or signed: the form shows your text; compare it with the current note (open this page again in another tab) and save again.";
export const NO_VERSION_GROUP =
  "This form did not say which version of the group it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved: the form shows your entries; check them against the group and save again.";
export const NO_VERSION_ANSWERS =
  "This form did not say which version of the page it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved: the form shows your entries; compare them with what is saved now (open this page again in another tab) and save again.";
