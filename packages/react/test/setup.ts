import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// note: waitFor/findBy give up after 1 s by default; on a loaded 2-core CI machine a first render can take
// longer. This is a ceiling, not a delay: they still resolve as soon as the assertion passes.
configure({ asyncUtilTimeout: 10_000 });

// note: without vitest globals, testing-library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
