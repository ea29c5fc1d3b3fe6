// What the request handler needs of a world that its users do not: token names, the rate-limit window, the
// signing secret, the counters of behaviours that lift after some requests. Kept off the public object.
import type { ArtifactsWorld } from "./artifacts-world.js";
import type { SeededRandom } from "./seeded-random.js";

export interface RateWindow {
  used: number;
  resetAt: number;
}

export interface WorldInternals {
  random: SeededRandom;
  /** Secret of the storage signatures. */
  secret: string;
  /** Token value → name; undefined: any token is accepted. */
  tokens: Map<string, string> | undefined;
  /** The primary rate-limit windows, one per `rateLimit` behaviour in force (the world's, or a repository's). */
  windows: WeakMap<object, RateWindow>;
  /** Requests left for behaviours with `times`, keyed by the behaviour object itself. */
  left: WeakMap<object, number>;
  requestCount: number;
  /** The workflow of `repo` (`"owner/name"`) with that id or file name (`ci.yml`), if the world has it. */
  findWorkflow(repo: string, workflow: string): { id: number; path: string } | undefined;
}

const internals = new WeakMap<ArtifactsWorld, WorldInternals>();

export function setInternals(world: ArtifactsWorld, state: WorldInternals): void {
  internals.set(world, state);
}

export function internalsOf(world: ArtifactsWorld): WorldInternals {
  const state = internals.get(world);
  if (!state) throw new TypeError("Not a world made by createArtifactsWorld()");
  return state;
}
