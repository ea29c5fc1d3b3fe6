/** The Chromium the browser tests drive: `CHROMIUM_PATH`, else Debian's package (CI installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * playwright-core's `chromium.launch` options for every browser test: headless in a container (no sandbox, no GPU),
 * and nothing the browser would fetch on its own (updates, sync, QUIC probes), so a test's only traffic is its own.
 */
export function chromiumLaunchOptions() {
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  };
}
