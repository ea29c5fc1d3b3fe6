/**
 * One download by one contender, in a fresh process so that its memory is its own (forked by
 * scenarios/download.mjs with its options as argv[2]). Reports over IPC:
 * `{ seconds, bytes, baselineRss, peakRss, sampler }`.
 *
 * Peak RSS: the kernel's high-water mark (VmHWM), reset right before the download through /proc/self/clear_refs,
 * so the figure is the peak during the download, minus the resident size just before it (imports, client and
 * servers' URLs already in place). Where /proc is missing, a 1 ms sampler of process.memoryUsage.rss() stands in.
 */
import { createHash } from "node:crypto";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

const { contender, apiUrl, path, artifactId, digest, owner, repo, headers, token } = JSON.parse(process.argv[2]);

function status(field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The location of the archive, as raw fetch users find it: the 302 from the API, not followed. */
async function locate() {
  const res = await fetch(`${apiUrl}/repos/${owner}/${repo}/actions/artifacts/${artifactId}/zip`, {
    headers,
    redirect: "manual",
  });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`expected a 302, got ${res.status}`);
  return location;
}

async function rawToFile(hash) {
  const res = await fetch(await locate());
  if (!res.ok || !res.body) throw new Error(`storage answered ${res.status}`);
  const steps = [Readable.fromWeb(res.body)];
  const sha = hash ? createHash("sha256") : undefined;
  if (sha) {
    steps.push(
      new Transform({
        transform(chunk, _enc, cb) {
          sha.update(chunk);
          cb(null, chunk);
        },
      }),
    );
  }
  await pipeline(...steps, createWriteStream(path));
  if (sha && `sha256:${sha.digest("hex")}` !== digest) throw new Error("digest mismatch");
}

/**
 * Imports, client construction and one small API call (Node loads and compiles its fetch implementation on first
 * use, some 20-30 MiB) happen before the baseline is taken: only the download itself is measured.
 */
async function prepare() {
  const rawWarmup = async () => {
    const res = await fetch(`${apiUrl}/repos/${owner}/${repo}/actions/artifacts/${artifactId}`, { headers });
    await res.json();
  };
  switch (contender) {
    case "raw-fetch":
      await rawWarmup();
      return () => rawToFile(false);
    case "raw-fetch-sha256":
      await rawWarmup();
      createHash("sha256").update("warm-up").digest();
      return () => rawToFile(true);
    case "client": {
      const { createArtifactsClient } = await import("@gh-artifacts/client");
      const { downloadArtifactToFile } = await import("@gh-artifacts/client/node");
      const gh = createArtifactsClient({ baseUrl: apiUrl, token });
      await gh.getArtifact({ owner, repo, artifact_id: artifactId });
      return async () => {
        const result = await downloadArtifactToFile(gh, {
          owner,
          repo,
          artifact_id: artifactId,
          path,
          verifyDigest: true,
        });
        if (!result.verified) throw new Error("downloadArtifactToFile did not verify the digest");
        if (`sha256:${result.sha256}` !== digest) throw new Error("wrong sha256");
      };
    }
    case "octokit": {
      const { Octokit } = await import("@octokit/rest");
      const octokit = new Octokit({ baseUrl: apiUrl, auth: token, userAgent: "gh-artifacts-bench" });
      await octokit.rest.actions.getArtifact({ owner, repo, artifact_id: artifactId });
      return async () => {
        // Octokit follows the 302 with fetch and resolves to the whole archive as an ArrayBuffer.
        const { data } = await octokit.rest.actions.downloadArtifact({
          owner,
          repo,
          artifact_id: artifactId,
          archive_format: "zip",
        });
        await writeFile(path, Buffer.from(data));
      };
    }
    default:
      throw new Error(`unknown contender ${contender}`);
  }
}

const download = await prepare();
globalThis.gc?.();
const baselineRss = status("VmRSS") ?? process.memoryUsage.rss();
const hwm = resetPeak() && status("VmHWM") !== undefined;
let sampled = baselineRss;
const sampler = setInterval(() => {
  sampled = Math.max(sampled, process.memoryUsage.rss());
}, 1);
const t0 = performance.now();
await download();
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
const peakRss = Math.max(hwm ? status("VmHWM") : 0, sampled, process.memoryUsage.rss());
const { size: bytes } = await stat(path);
process.send({ seconds, bytes, baselineRss, peakRss, sampler: hwm ? "VmHWM" : "rss sampling" });
