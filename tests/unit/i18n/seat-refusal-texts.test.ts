import { expect, test } from "vitest";
import { translateMessage } from "~/i18n/catalog";

// The refusals a manager gets when a seat would go to someone whose membership has ended
// (undoing a recorded outcome, seating out of turn, adding a walk-in) read in Spanish on Spanish pages.
test("the ended-membership refusals are translated", () => {
  const undo =
    "This person's membership of this organisation has ended, so they cannot be put back in the group. If the outcome was a mistake, reactivate them on People and roles first, then undo it.";
  expect(translateMessage(undo, "es-ES")).toBe(
    "La membresía de esta persona en esta organización ha terminado, así que no se la puede volver a poner en el grupo. Si el resultado fue un error, reactívela primero en Personas y roles y luego deshágalo.",
  );
  expect(translateMessage(undo, "en-US")).toBe(undo);
  expect(translateMessage("Ana Ruiz's membership of this organisation has ended, so they cannot be given a seat.", "es-ES")).toBe(
    "La membresía de Ana Ruiz en esta organización ha terminado, así que no se le puede dar un lugar.",
  );
  // And a walk-in on the roster.
  expect(translateMessage("Ana Ruiz's membership of this organisation has ended. A manager can reactivate them on People and roles; then add them here.", "es-ES")).toBe(
    "La membresía de Ana Ruiz en esta organización ha terminado. Un/a gerente puede reactivarla en Personas y roles; después agregue a esta persona aquí.",
  );
});
