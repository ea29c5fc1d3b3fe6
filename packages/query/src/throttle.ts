/**
 * Calls `fn` at once, then at most once per `ms` with the latest value (leading and trailing edges), so a
 * download that delivers thousands of chunks renders a few times a second instead of once per chunk.
 */
export function throttle<T>(fn: (value: T) => void, ms: number): { (value: T): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | undefined;
  const call = (value: T) => {
    if (timer !== undefined) {
      pending = { value };
      return;
    }
    fn(value);
    timer = setTimeout(function flush() {
      timer = undefined;
      if (pending) {
        const { value: latest } = pending;
        pending = undefined;
        call(latest);
      }
    }, ms);
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return call;
}
