import { clickDownloadLink } from "./clickDownloadLink.js";

// note: browsers may still be reading the object URL when `click()` returns; FileSaver.js waits 40 s too.
const REVOKE_AFTER_MS = 40_000;

/** Offers `blob` to the user as a file download through a temporary object URL (no second copy of the bytes). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  clickDownloadLink(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
