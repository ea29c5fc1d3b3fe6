const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "3 hours ago", "in 2 months". */
export function formatRelative(date: Date | string, now = Date.now()): string {
  let value = (new Date(date).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return new Date(date).toLocaleDateString();
}

/** "2024-05-01 14:03" in the user's time zone, for tooltips and reset times. */
export function formatDateTime(date: Date | string): string {
  return new Date(date).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "1 May 2024" in the user's locale, for dates where the time of day does not matter. */
export function formatDate(date: Date | string): string {
  return new Date(date).toLocaleDateString(undefined, { dateStyle: "medium" });
}

/** "sha256:cfc3236b…" → "cfc3236b". */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return "—";
  return digest.replace(/^sha256:/, "").slice(0, 8);
}

const gbHours = new Intl.NumberFormat("en", { maximumSignificantDigits: 2 });
const gbHoursLarge = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** GB-hours, readable at any size: 0.0042 → "0.0042 GB·h", 8.21 → "8.2 GB·h", 1234.5 → "1,235 GB·h". */
export function formatGbHours(value: number): string {
  return `${value >= 100 ? gbHoursLarge.format(value) : gbHours.format(value)} GB·h`;
}
