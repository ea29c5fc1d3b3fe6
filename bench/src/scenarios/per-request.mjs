/**
 * 1. Per-request overhead: sequential `getArtifact` calls against a keep-alive loopback server.
 * Each round makes `calls` calls per contender; the figure is the mean time of one call in that round (µs), and the
 * table shows the median over rounds. Ratio: to raw `fetch` sending the same headers and parsing the same JSON; the
 * target (issue 15) compares our client with plain openapi-fetch sending the same headers.
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
  const calls = quick ? 200 : 1_000;
  const rounds = quick ? 3 : 15;
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
    const vsApi = (id) =>
      labels[id][1] === "ours" || id === "client-bare"
        ? `, ${(median(id) / median("openapi-fetch")).toFixed(2)}× openapi-fetch`
        : "";
    const rows = Object.keys(calls_).flatMap((id) => [
      row({
        contender: id,
        label: labels[id][0],
        role: labels[id][1],
        metric: "time per call",
        unit: "µs",
        samples: wall(id),
        ratio: median(id) / base,
        ratioText: id === "raw-fetch" ? "baseline" : `${(median(id) / base).toFixed(2)}× raw fetch${vsApi(id)}`,
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

    const ratio = median("client") / median("openapi-fetch");
    const cpuUs = (id) => fmtAuto(cpuMedian(id));
    const timeout = cpuMedian("client") - cpuMedian("client-bare");
    const because =
      `client-side CPU per call is ${cpuUs("client")} µs vs ${cpuUs("openapi-fetch")} µs for openapi-fetch and ` +
      `${cpuUs("raw-fetch")} µs for raw fetch; with retry: false, timeoutMs: 0 it is ${cpuUs("client-bare")} µs ` +
      `(${(median("client-bare") / median("openapi-fetch")).toFixed(2)}× openapi-fetch wall): the methods send ` +
      "fetch(url, init) themselves, so the rest is the per-attempt timeout, whose AbortSignal undici links into its " +
      `Request (a WeakRef and a FinalizationRegistry entry per call, paid mostly in garbage collection): ${fmtAuto(timeout)} µs`;
    return scenario({
      id,
      title,
      params: { calls, rounds, warmup },
      rows,
      targets: [
        target({
          id: "per-request",
          description: "per-request getArtifact ≤ 1.05× plain openapi-fetch (same headers)",
          measured: `${ratio.toFixed(2)}×`,
          met: ratio <= 1.05,
          because,
        }),
      ],
      notes: [
        `${calls} sequential calls per contender per round; ${plural(rounds, "round")} after ${plural(warmup, "warm-up round")}.`,
      ],
    });
  });
}
