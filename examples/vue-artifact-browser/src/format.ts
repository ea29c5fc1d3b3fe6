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

/** "1 May 2024" in the user's locale, for dates where the time of day does not matter. */
export function formatDate(date: Date | string): string {
  return new Date(date).toLocaleDateString(undefined, { dateStyle: "medium" });
}

/** "1 May 2024, 14:03" in the user's time zone, for reset times. */
export function formatDateTime(date: Date | string): string {
  return new Date(date).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
