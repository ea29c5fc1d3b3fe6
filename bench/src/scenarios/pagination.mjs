/**
 * 2. Pagination: every artifact of a repository (5,000 = 50 pages of 100) from a server that takes 25 ms per
 * request, as a far-away API does. Figure: wall time to the full array. Ratio: how many times faster than
 * `octokit.paginate`, which follows `Link: rel="next"` one page at a time.
 */
import { GITHUB_HEADERS, OWNER, octokit, ours, REPO } from "../lib/contenders.mjs";
import { gc, row, scenario, target } from "../lib/result.mjs";
import { withServers } from "../lib/servers.mjs";
import { interleave, plural, summarize } from "../lib/stats.mjs";

export const id = "pagination";
export const title = "Pagination";

const PER_PAGE = 100;

export async function run({ quick }) {
  const artifacts = quick ? 1_000 : 5_000;
  const latencyMs = 25;
  const rounds = quick ? 2 : 5;
  const warmup = 1;
  const pages = Math.ceil(artifacts / PER_PAGE);
  return withServers({ artifacts, latencyMs }, async ({ apiUrl }) => {
    const gh = ours(apiUrl);
    const octo = octokit(apiUrl);
    const params = { owner: OWNER, repo: REPO, per_page: PER_PAGE };

    const lists = {
      octokit: () => octo.paginate(octo.rest.actions.listArtifactsForRepo, params),
      "client-default": () => gh.listAllArtifactsForRepo(params),
      "client-16": () => gh.listAllArtifactsForRepo({ ...params, concurrency: 16 }),
      "raw-sequential": async () => {
        const all = [];
        for (let page = 1; ; page++) {
          const url = `${apiUrl}/repos/${OWNER}/${REPO}/actions/artifacts?per_page=${PER_PAGE}&page=${page}`;
          const res = await fetch(url, { headers: GITHUB_HEADERS });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const body = await res.json();
          all.push(...body.artifacts);
          if (body.artifacts.length < PER_PAGE || all.length >= body.total_count) return all;
        }
      },
    };
    const timed = (list) => async () => {
      gc();
      const t0 = performance.now();
      const all = await list();
      const ms = performance.now() - t0;
      if (all.length !== artifacts || all.some((a, i) => a.id !== i + 1)) {
        throw new Error(`expected artifacts 1..${artifacts} in order, got ${all.length}`);
      }
      return ms;
    };
    const samples = await interleave(
      Object.entries(lists).map(([id, list]) => ({ id, run: timed(list) })),
      { rounds, warmup },
    );

    const median = (id) => summarize(samples.get(id)).median;
    const base = median("octokit");
    const labels = {
      octokit: ["@octokit/rest octokit.paginate", "baseline"],
      "client-default": ["@gh-artifacts/client listAllArtifactsForRepo (default concurrency 4)", "ours"],
      "client-16": ["… with concurrency: 16", "ours"],
      "raw-sequential": ["plain sequential loop (raw fetch, page after page)", "alternative"],
    };
    const rows = Object.keys(lists).map((id) =>
      row({
        contender: id,
        label: labels[id][0],
        role: labels[id][1],
        metric: "time to all artifacts",
        unit: "ms",
        samples: samples.get(id),
        ratio: base / median(id),
        ratioText: id === "octokit" ? "baseline" : `${(base / median(id)).toFixed(2)}× as fast as octokit.paginate`,
      }),
    );

    // The best any pager can do: page 1 alone (it gives total_count), then the rest `c` at a time.
    const bound = (c) => pages / (1 + Math.ceil((pages - 1) / c));
    const speedup = base / median("client-default");
    const speedup16 = base / median("client-16");
    return scenario({
      id,
      title,
      params: { artifacts, perPage: PER_PAGE, pages, latencyMs, rounds, warmup },
      rows,
      targets: [
        target({
          id: "pagination",
          description: "pagination ≥ 8× faster than octokit.paginate (default options)",
          measured: `${speedup.toFixed(2)}× (concurrency 16: ${speedup16.toFixed(2)}×)`,
          met: speedup >= 8,
          because:
            `with the default concurrency of 4 the ${pages} pages take at least 1 + ⌈${pages - 1}/4⌉ = ` +
            `${1 + Math.ceil((pages - 1) / 4)} round trips of ${latencyMs} ms, so no pager can beat ` +
            `${bound(4).toFixed(2)}× there; concurrency: 16 (bound ${bound(16).toFixed(2)}×) measured ${speedup16.toFixed(2)}×`,
        }),
      ],
      notes: [
        `${artifacts} artifacts in ${pages} pages of ${PER_PAGE}, ${latencyMs} ms added per request; ${plural(rounds, "round")} after ${plural(warmup, "warm-up round")}. Upper bound at concurrency c: pages / (1 + ⌈(pages − 1)/c⌉) = ${bound(4).toFixed(2)}× at 4, ${bound(16).toFixed(2)}× at 16.`,
      ],
    });
  });
}
