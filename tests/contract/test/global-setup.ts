// Starts one Prism per mode for the whole contract run: static (the spec's examples) and dynamic
// (generated data) with fixed seeds, so a failure reproduces. Every Prism is stopped on teardown,
// and killed on any exit, so no process outlives the run.
import { type PrismServer, startPrism } from "@gh-artifacts/scripts/prism";
import type { TestProject } from "vitest/node";

/** Seeds of the dynamic runs; fixed, so a failure is reproducible. */
export const DYNAMIC_SEEDS = [1, 7, 42];

export interface PrismMode {
  /** `static` answers with the spec's examples; `dynamic` generates data from the schemas. */
  kind: "static" | "dynamic";
  seed?: number;
  url: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    prismModes: PrismMode[];
  }
}

export default async function setup(project: TestProject) {
  const started: PrismServer[] = [];
  const killAll = () => {
    for (const prism of started) prism.kill();
  };
  process.once("exit", killAll);
  const starts = [
    startPrism().then((p) => ({ p, mode: { kind: "static" as const, url: p.url } })),
    ...DYNAMIC_SEEDS.map((seed) =>
      startPrism({ dynamic: true, seed }).then((p) => ({ p, mode: { kind: "dynamic" as const, seed, url: p.url } })),
    ),
  ];
  const results = await Promise.allSettled(starts);
  for (const r of results) if (r.status === "fulfilled") started.push(r.value.p);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) {
    killAll();
    throw (failed as PromiseRejectedResult).reason;
  }
  project.provide(
    "prismModes",
    results.map((r) => (r as PromiseFulfilledResult<{ mode: PrismMode }>).value.mode),
  );
  return async () => {
    await Promise.all(started.map((p) => p.stop()));
    process.off("exit", killAll);
  };
}
