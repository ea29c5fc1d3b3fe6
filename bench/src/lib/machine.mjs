import { readFileSync } from "node:fs";
import os from "node:os";

/** The machine a run happened on, as the README quotes it. */
export function machine() {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** The 1-minute load average, rounded (0 where the platform has none). */
export function loadAverage() {
  return Math.round(os.loadavg()[0] * 100) / 100;
}
