/**
 * 1. Per-request overhead: sequential `getArtifact` calls against a keep-alive loopback server.
 * Each round makes `calls` calls per contender; the figure is the mean time of one call in that round (µs), and the
 * table shows the median over rounds. Ratio: to raw `fetch` sending the same headers and parsing the same JSON.
 */
import { GITHUB_HEADERS, OWNER, octokit, openapiFetch, ours, REPO } from "../lib/contenders.mjs";
import { gc, row, scenario, target } from "../lib/result.mjs";
import { withServers } from "../lib/servers.mjs";
import { fmtAuto, interleave, plural, summarize } from "../lib/stats.mjs";

export const id = "per-request";
export const title = "Per-request overhead";

const ARTIFACT_ID = 7;
const ONE = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";

export async function run({ quick }) {
  const calls = quick ? 200 : 2_000;
  const rounds = quick ? 3 : 9;
  const warmup = 1;
  return withServers({ artifacts: 100 }, async ({ apiUrl }) => {
    const gh = ours(apiUrl);
    const bare = ours(apiUrl, { retry: false, timeoutMs: 0 });
    const api = openapiFetch(apiUrl);
    const octo = octokit(apiUrl);
    const params = { owner: OWNER, repo: REPO, artifact_id: ARTIFACT_ID };

    const calls_ = {
      "raw-fetch": async () => {
        const res = await fetch(`${apiUrl}/repos/${OWNER}/${REPO}/actions/artifacts/${ARTIFACT_ID}`, {
          headers: GITHUB_HEADERS,
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
      "openapi-fetch": async () => {
        const { data, error } = await api.GET(ONE, { params: { path: params } });
        if (error) throw new Error("openapi-fetch error");
        return data;
      },
      client: () => gh.getArtifact(params),
      "client-bare": () => bare.getArtifact(params),
      octokit: async () => (await octo.rest.actions.getArtifact(params)).data,
    };
    // Wall time is what a caller waits; CPU time of this process is the client-side work alone (the server runs in
    // another process), and moves less when something else shares the machine.
    const loop = (call) => async () => {
      gc();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) {
        const artifact = await call();
        if (artifact.id !== ARTIFACT_ID) throw new Error(`wrong artifact: ${artifact.id}`);
      }
      const wall = ((performance.now() - t0) * 1000) / calls;
      const cpu = process.cpuUsage(cpu0);
      return { wall, cpu: (cpu.user + cpu.system) / calls };
    };
    const runs = await interleave(
      Object.entries(calls_).map(([id, call]) => ({ id, run: loop(call) })),
      { rounds, warmup },
    );
    const wall = (id) => runs.get(id).map((r) => r.wall);
    const cpu = (id) => runs.get(id).map((r) => r.cpu);
    const median = (id) => summarize(wall(id)).median;
    const cpuMedian = (id) => summarize(cpu(id)).median;
    const base = median("raw-fetch");
    const cpuBase = cpuMedian("raw-fetch");
    const labels = {
      "raw-fetch": ["raw fetch (same headers, res.json())", "baseline"],
      "openapi-fetch": ["openapi-fetch (plain createClient)", "alternative"],
      client: ["@gh-artifacts/client getArtifact (defaults)", "ours"],
      "client-bare": ["… with retry: false, timeoutMs: 0", "diagnostic"],
      octokit: ["@octokit/rest actions.getArtifact", "alternative"],
    };
    const rows = Object.keys(calls_).flatMap((id) => [
      row({
        contender: id,
        label: labels[id][0],
        role: labels[id][1],
        metric: "time per call",
        unit: "µs",
        samples: wall(id),
        ratio: median(id) / base,
        ratioText: id === "raw-fetch" ? "baseline" : `${(median(id) / base).toFixed(2)}× raw fetch`,
      }),
      row({
        contender: id,
        label: labels[id][0],
        role: labels[id][1],
        metric: "client CPU per call",
        unit: "µs",
        samples: cpu(id),
        ratio: cpuMedian(id) / cpuBase,
        ratioText: id === "raw-fetch" ? "baseline" : `${(cpuMedian(id) / cpuBase).toFixed(2)}× raw fetch`,
      }),
    ]);

    const ratio = median("client") / base;
    const bareRatio = median("client-bare") / base;
    const apiRatio = median("openapi-fetch") / base;
    const cpuUs = (id) => fmtAuto(cpuMedian(id));
    const ourLayers = cpuMedian("client-bare") - cpuMedian("openapi-fetch");
    const because =
      `client-side CPU per call is ${cpuUs("client")} µs vs ${cpuUs("raw-fetch")} µs for raw fetch: openapi-fetch ` +
      `alone takes ${cpuUs("openapi-fetch")} µs (${apiRatio.toFixed(2)}× wall: it builds a Request that fetch copies ` +
      `again); our validation, header middleware and error mapping add ` +
      `${ourLayers < 5 ? "nothing measurable" : `${fmtAuto(ourLayers)} µs`} (retry: false, timeoutMs: 0 runs at ` +
      `${bareRatio.toFixed(2)}× wall); the default retry/timeout wrapper adds ` +
      `${fmtAuto(cpuMedian("client") - cpuMedian("client-bare"))} µs (an AbortController, a listener and a timer per attempt)`;
    return scenario({
      id,
      title,
      params: { calls, rounds, warmup },
      rows,
      targets: [
        target({
          id: "per-request",
          description: "per-request ≤ 1.10× raw fetch",
          measured: `${ratio.toFixed(2)}×`,
          met: ratio <= 1.1,
          because,
        }),
      ],
      notes: [
        `${calls} sequential calls per contender per round; ${plural(rounds, "round")} after ${plural(warmup, "warm-up round")}.`,
      ],
    });
  });
}
