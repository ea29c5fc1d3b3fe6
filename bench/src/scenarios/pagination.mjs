/**
 * 2. Pagination: every artifact of a repository (5,000 = 50 pages of 100) from a server that takes 25 ms per
 * request, as a far-away API does. Figure: wall time to the full array. Ratio: how many times faster than
 * `octokit.paginate`, which follows `Link: rel="next"` one page at a time.
 */
import { GITHUB_HEADERS, OWNER, octokit, ours, REPO } from "../lib/contenders.mjs";
import { gc, row, scenario, target } from "../lib/result.mjs";
import { withServers } from "../lib/servers.mjs";
import { fmtAuto, interleave, plural, summarize } from "../lib/stats.mjs";

export const id = "pagination";
export const title = "Pagination";

const PER_PAGE = 100;

export async function run({ quick }) {
  const artifacts = quick ? 1_000 : 5_000;
  const latencyMs = 25;
  const rounds = quick ? 2 : 7;
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
    const trips = (c) => 1 + Math.ceil((pages - 1) / c);
    const bound = (c) => pages / trips(c);
    const speedup16 = base / median("client-16");
    // note: octokit's time per page is a round trip as this machine serves it (latency plus serving and parsing).
    const perTrip = base / pages;
    const floor16 = trips(16) * latencyMs;
    return scenario({
      id,
      title,
      params: { artifacts, perPage: PER_PAGE, pages, latencyMs, rounds, warmup },
      rows,
      targets: [
        target({
          id: "pagination",
          description: "all artifacts at concurrency 16 ≥ 10× as fast as octokit.paginate",
          measured: `${speedup16.toFixed(2)}× (${fmtAuto(median("client-16"))} ms)`,
          met: speedup16 >= 10,
          because:
            `${pages} pages at 16 in flight take ${trips(16)} round trips after one another (page 1 gives ` +
            `total_count), at least ${floor16} ms of latency, so no pager beats ${bound(16).toFixed(2)}× a pager ` +
            `that pays the same per round trip; octokit.paginate takes ${fmtAuto(perTrip)} ms per page here, ours ` +
            `${fmtAuto(median("client-16") / trips(16))} ms per round trip (${trips(16)} of them)`,
        }),
      ],
      notes: [
        `${artifacts} artifacts in ${pages} pages of ${PER_PAGE}, ${latencyMs} ms added per request; ${plural(rounds, "round")} after ${plural(warmup, "warm-up round")}. Upper bound at concurrency c: pages / (1 + ⌈(pages − 1)/c⌉) = ${bound(4).toFixed(2)}× at 4 (the default), ${bound(16).toFixed(2)}× at 16.`,
      ],
    });
  });
}
