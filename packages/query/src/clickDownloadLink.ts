/**
 * Starts a download of `href` as a click on a hidden `<a download>` would: `download` is the file name offered
 * (`""`: the one the answer names).
 * note: `rel="noopener"`: should the browser navigate instead of saving (a cross-origin URL, where `download` is
 * ignored), the page it opens gets no handle on this one.
 */
export function clickDownloadLink(href: string, download: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = download;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
}
