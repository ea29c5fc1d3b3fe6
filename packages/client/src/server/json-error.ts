/** One entry of GitHub's `errors[]`: which field broke which rule. */
export interface FieldError {
  field: string;
  code: "invalid" | "missing";
}

/**
 * An error answer of the proxy itself, shaped like GitHub's (`{ message, errors? }`), so the browser client maps it
 * to the same typed errors as GitHub's own. Never cached: it says nothing about the resource.
 */
export function jsonError(
  status: number,
  message: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body = JSON.stringify(extra.errors ? { message, errors: extra.errors } : { message });
  return new Response(body, {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra.headers },
  });
}
