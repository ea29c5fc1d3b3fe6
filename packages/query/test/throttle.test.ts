import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "../src/throttle.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("throttle", () => {
  it("should call at once, then once per interval with the latest value", () => {
    const seen: number[] = [];
    const call = throttle((n: number) => seen.push(n), 100);
    for (let n = 1; n <= 1000; n++) call(n);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 1000]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 1000]);
    call(1001);
    expect(seen).toEqual([1, 1000, 1001]);
  });

  it("should drop a pending value on cancel", () => {
    const seen: number[] = [];
    const call = throttle((n: number) => seen.push(n), 100);
    call(1);
    call(2);
    call.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1]);
  });
});
