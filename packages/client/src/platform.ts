/**
 * Whether we run in a browser (page or worker), where `User-Agent` cannot be set and a manual redirect is opaque.
 * note: Node ≥ 21, Deno and Bun also define `navigator.userAgent`, but not as a "Mozilla/" string.
 */
export function isBrowser(): boolean {
  const g = globalThis as { document?: unknown; navigator?: { userAgent?: unknown } };
  if (typeof g.document !== "undefined") return true;
  const ua = g.navigator?.userAgent;
  return typeof ua === "string" && ua.startsWith("Mozilla/");
}
