/**
 * 3. Download: one large artifact through the API's 302 to a second loopback server (the storage host), written to
 * a file. Each download runs in its own child process (workers/download.mjs) so that its peak RSS growth is its own.
 * Figures: throughput (MiB/s, from the first request to the file being complete) and peak RSS growth (MiB).
 * Ratio: throughput as a fraction of raw fetch piped to a file.
 */
import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GITHUB_HEADERS, OWNER, REPO, TOKEN } from "../lib/contenders.mjs";
import { row, scenario, target } from "../lib/result.mjs";
import { withServers } from "../lib/servers.mjs";
import { fmtAuto, interleave, MiB, plural, summarize } from "../lib/stats.mjs";

export const id = "download";
export const title = "Download";

const WORKER = fileURLToPath(new URL("../workers/download.mjs", import.meta.url));

const CONTENDERS = {
  "raw-fetch": ["raw fetch piped to a file", "baseline"],
  "raw-fetch-sha256": ["… plus SHA-256 and digest check", "diagnostic"],
  client: ["@gh-artifacts/client/node downloadArtifactToFile (verifyDigest)", "ours"],
  octokit: ["@octokit/rest actions.downloadArtifact, then writeFile", "alternative"],
};

/** MiB/s of SHA-256 over in-memory data on this CPU: the ceiling for any download that verifies a digest. */
function sha256Speed() {
  const block = Buffer.alloc(MiB, 0x5a);
  const t0 = performance.now();
  const hash = createHash("sha256");
  for (let i = 0; i < 128; i++) hash.update(block);
  hash.digest();
  return 128 / ((performance.now() - t0) / 1000);
}

async function once_(options) {
  const child = fork(WORKER, [JSON.stringify(options)], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let result;
  child.on("message", (msg) => {
    result = msg;
  });
  const [code] = await once(child, "exit");
  rmSync(options.path, { force: true });
  if (code !== 0 || !result) throw new Error(`download worker for ${options.contender} exited with code ${code}`);
  if (result.bytes !== options.expectedBytes) {
    throw new Error(`${options.contender} wrote ${result.bytes} bytes, expected ${options.expectedBytes}`);
  }
  return result;
}

export async function run({ quick }) {
  const downloadBytes = (quick ? 8 : 256) * MiB;
  const rounds = quick ? 1 : 5;
  const warmup = quick ? 0 : 1;
  const dir = mkdtempSync(join(tmpdir(), "gh-artifacts-bench-"));
  try {
    return await withServers({ artifacts: 10, downloadBytes }, async ({ apiUrl, digest, downloadId }) => {
      const runs = new Map(Object.keys(CONTENDERS).map((c) => [c, []]));
      const contenders = Object.keys(CONTENDERS).map((contender) => ({
        id: contender,
        run: async () => {
          const result = await once_({
            contender,
            apiUrl,
            path: join(dir, `${contender}.zip`),
            artifactId: downloadId,
            digest,
            owner: OWNER,
            repo: REPO,
            headers: GITHUB_HEADERS,
            token: TOKEN,
            expectedBytes: downloadBytes,
          });
          runs.get(contender).push(result);
          return result;
        },
      }));
      await interleave(contenders, { rounds, warmup });
      // the warm-up rounds come first in each list
      for (const list of runs.values()) list.splice(0, warmup);

      const throughput = (c) => runs.get(c).map((r) => r.bytes / MiB / r.seconds);
      const growth = (c) => runs.get(c).map((r) => (r.peakRss - r.baselineRss) / MiB);
      const base = summarize(throughput("raw-fetch")).median;
      const rows = [];
      for (const [c, [label, role]] of Object.entries(CONTENDERS)) {
        const t = summarize(throughput(c)).median;
        rows.push(
          row({
            contender: c,
            label,
            role,
            metric: "throughput",
            unit: "MiB/s",
            samples: throughput(c),
            ratio: t / base,
            ratioText: role === "baseline" ? "baseline" : `${(t / base).toFixed(2)}× raw throughput`,
          }),
          row({
            contender: c,
            label,
            role,
            metric: "peak RSS growth",
            unit: "MiB",
            samples: growth(c),
            note: runs.get(c)[0]?.sampler,
          }),
        );
      }
      const ours = summarize(throughput("client")).median;
      const hashedT = summarize(throughput("raw-fetch-sha256")).median;
      const ratio = ours / base;
      const rss = summarize(growth("client")).median;
      const sha = sha256Speed();
      return scenario({
        id,
        title,
        params: { bytes: downloadBytes, rounds, warmup },
        rows,
        targets: [
          target({
            id: "download-throughput",
            description: `downloadArtifactToFile of ${downloadBytes / MiB} MiB, digest verified, ≥ 0.9× raw throughput`,
            measured: `${ratio.toFixed(2)}×`,
            met: ratio >= 0.9,
            because:
              `hashing on the receiving thread holds raw fetch to ${(hashedT / base).toFixed(2)}× (SHA-256 alone ` +
              `runs at ${fmtAuto(sha)} MiB/s on this CPU, the raw download at ${fmtAuto(base)} MiB/s); ours hashes ` +
              "and writes in a worker thread, so what is left is the web stream downloadArtifact reads the body " +
              "through (progress, length check, idle timeout, typed errors) and the hand-off of each chunk to the " +
              "worker, both on the receiving thread",
          }),
          target({
            id: "download-rss",
            description: "downloadArtifactToFile peak RSS growth < 64 MiB",
            measured: `${fmtAuto(rss)} MiB`,
            met: rss < 64,
            because: `raw fetch piped to a file grows by ${fmtAuto(summarize(growth("raw-fetch")).median)} MiB on its own`,
          }),
        ],
        notes: [
          `${downloadBytes / MiB} MiB of deterministic bytes streamed by the storage server; the API answers the /zip ` +
            `request with a 302 there and gives the artifact \`digest: sha256:…\`, so verification runs. ` +
            `${plural(rounds, "round")}${warmup ? ` after ${plural(warmup, "warm-up round")}` : ""}, each download in a fresh process; ` +
            "peak RSS growth = kernel high-water mark (VmHWM, reset just before the download) minus the RSS just before it.",
          `SHA-256 alone (in memory, this CPU): ${fmtAuto(sha)} MiB/s.`,
        ],
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
