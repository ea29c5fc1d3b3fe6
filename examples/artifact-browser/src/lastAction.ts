import { useSyncExternalStore } from "react";

// note: what clears a finished download's "Saved" line: the user's next action anywhere on the page (another
// download, a delete, a search, a preview, a change of view), rather than a timer racing the user's reading.

let current = 0;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks a new user action and returns its number. */
export function startAction(): number {
  current++;
  for (const listener of listeners) listener();
  return current;
}

/** The number of the user's latest action; re-renders when there is a new one. */
export function useLastAction(): number {
  return useSyncExternalStore(subscribe, () => current);
}
