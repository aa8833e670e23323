import { notFound } from "~/web/http.server";

/**
 * Any address no other route matches. Without this route Remix answers such a 404 without running
 * the root loader, so the error page would lack the support reference and show a signed-in person
 * the signed-out header. Throwing here lets the root loader run and the root ErrorBoundary speak.
 */
export function loader(): never {
  notFound();
}

export function action(): never {
  notFound();
}

/** Never shown (the loader always throws); a component makes this a page, so the root's error page answers. */
export default function NoSuchPage() {
  return null;
}
