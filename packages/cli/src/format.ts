const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** `1536` → `1.5 KiB`; whole bytes below 1 KiB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `1 artifact`, `3 artifacts`; `1 repository`, `2 repositories` with `many`. */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** The storage artifacts use: an expired one's archive is gone and counts 0 bytes. */
export const storedBytes = (artifacts: readonly { expired: boolean; size_in_bytes: number }[]) =>
  artifacts.reduce((sum, a) => sum + (a.expired ? 0 : a.size_in_bytes), 0);

/** A span in its largest whole unit: `45s`, `12m`, `5h`, `3d`. */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** How long ago `iso` was, e.g. `3d ago`; `-` when unknown. */
export function formatAge(iso: string | null | undefined, now: number): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return "-";
  return at > now ? `in ${formatSpan(at - now)}` : `${formatSpan(now - at)} ago`;
}

/** The first 12 hex digits of a `sha256:` digest, `-` without one. */
export function shortDigest(digest: unknown): string {
  return typeof digest === "string" && digest.includes(":")
    ? digest.slice(digest.indexOf(":") + 1, 12 + digest.indexOf(":") + 1)
    : "-";
}

/**
 * Text that came from the server, made safe for a terminal: control characters (escape sequences included) become
 * `?`, so an artifact name cannot move the cursor or recolour the screen.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

/**
 * Rows as aligned columns, two spaces apart. `right` lists the columns aligned right (numbers). Widths count
 * UTF-16 units, which is right for the ASCII this prints and close enough for names.
 */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
