/**
 * Whether we run in a browser (page or worker), where `User-Agent` cannot be set and a manual redirect is opaque.
 * note: Node (and Deno and Bun, which mimic it) report `process.versions.node`: jsdom or happy-dom installing a
 * `document` in Node must not make us drop `User-Agent` or follow redirects blindly. Node ≥ 21, Deno and Bun also
 * define `navigator.userAgent`, but not as a "Mozilla/" string.
 */
export function isBrowser(): boolean {
  const g = globalThis as {
    document?: unknown;
    navigator?: { userAgent?: unknown };
    process?: { versions?: { node?: unknown } };
  };
  if (typeof g.process?.versions?.node === "string") return false;
  if (typeof g.document !== "undefined") return true;
  const ua = g.navigator?.userAgent;
  return typeof ua === "string" && ua.startsWith("Mozilla/");
}
