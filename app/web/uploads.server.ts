import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { formFailure } from "./http.server";

/** Whether a post carries a file (a multipart form) rather than an ordinary form. */
export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
}

/**
 * Reads a multipart form with one file field, held in memory up to `maxBytes`. A file too large,
 * a malformed upload (no boundary, broken framing) or no file at all is the sender's fault: a 400
 * with the message beside `field`, never a 500. The file's content is checked by the module
 * (competency/files.ts checkUploadedFile), not here.
 */
export async function readUpload(
  request: Request,
  options: { field: string; maxBytes: number; tooBig: string; unreadable: string },
): Promise<{ ok: true; formData: FormData; file: { name: string; bytes: Uint8Array } } | { ok: false; response: Response }> {
  const fail = (message: string) => ({ ok: false as const, response: formFailure({ errors: { [options.field]: [message] } }) });
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes }));
  } catch (error) {
    return fail(error instanceof MaxPartSizeExceededError ? options.tooBig : options.unreadable);
  }
  const file = formData.get(options.field);
  if (!(file instanceof File) || file.size === 0) return fail("Choose a file to upload.");
  return { ok: true, formData, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } };
}
