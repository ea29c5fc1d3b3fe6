import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// note: without vitest globals, testing-library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
