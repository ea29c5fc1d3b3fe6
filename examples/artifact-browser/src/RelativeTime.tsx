import { formatDateTime, formatRelative } from "./format.js";

/** A `<time>` that reads "3 days ago" and shows the exact date on hover; `—` when GitHub gave no date. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}
