// `pnpm start -- --live` without the internet: scripts/start.mjs is run against a local fake of GitHub's API
// (`GITHUB_API_URL`), and its app server is asked what a browser would ask. The token must stay in that process.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { API_PREFIX, startLocalWorld } from "../../../scripts/lib/local-world.mjs";

const START = fileURLToPath(new URL("../../../scripts/start.mjs", import.meta.url));
// note: looks like a real token, so a leak would be unmistakable in any body or header.
const TOKEN = "ghp_liveModeSecret0123456789abcdefABCDEF";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  cookie: string | undefined;
}

/** A stand-in for api.github.com: one page of one artifact (with a `Link` to page 2), deletes answer 204. */
async function startFakeGitHub() {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.method === "DELETE") {
      res.writeHead(204).end();
      return;
    }
    const artifact = {
      id: 7,
      node_id: "MDg6QXJ0aWZhY3Q3",
      name: "dist",
      size_in_bytes: 10,
      url: `${base}/repos/o/r/actions/artifacts/7`,
      archive_download_url: `${base}/repos/o/r/actions/artifacts/7/zip`,
      expired: false,
      created_at: "2024-01-01T00:00:00Z",
      expires_at: "2024-04-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      workflow_run: null,
    };
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      link: `<${base}/repos/o/r/actions/artifacts?per_page=1&page=2>; rel="next"`,
      "x-ratelimit-remaining": "4999",
    });
    res.end(JSON.stringify({ total_count: 2, artifacts: [artifact] }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `node scripts/start.mjs --live …` and resolves once it prints the app's URL, with everything it printed. */
async function startLive(upstream: string, flags: string[]) {
  const child = spawn(process.execPath, [START, "--live", ...flags], {
    env: { ...process.env, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: upstream, PORT: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const appUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /Artifact browser: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`start.mjs exited (${code}) before serving:\n${output}`)));
  });
  return { appUrl, output: () => output };
}

const running: ChildProcess[] = [];
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  }
  for (const stop of stops.splice(0)) await stop();
});

/** A response's body, and its headers and body as one string to search for the token. */
async function read(response: Response): Promise<{ body: string; all: string }> {
  const body = await response.text();
  return { body, all: `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${body}` };
}

describe("pnpm start -- --live", () => {
  it("keeps GITHUB_TOKEN in the server: the page gets none, the proxy adds it upstream", async () => {
    const github = await startFakeGitHub();
    stops.push(github.stop);
    const { appUrl, output } = await startLive(github.url, []);
    expect(output()).toContain("Deletes: refused");
    expect(output()).not.toContain(TOKEN);

    const config = await read(await fetch(`${appUrl}/config.json`));
    expect(config.all).not.toContain(TOKEN);
    expect(JSON.parse(config.body)).toMatchObject({
      mode: "live",
      baseUrl: API_PREFIX,
      deletes: false,
    });

    // What the browser would send: its own credentials, which must not be forwarded.
    const list = await fetch(`${appUrl}${API_PREFIX}/repos/o/r/actions/artifacts?per_page=1`, {
      headers: { authorization: "Bearer from-the-page", cookie: "session=abc" },
    });
    expect(list.status).toBe(200);
    const listed = await read(list);
    expect(listed.all).not.toContain(TOKEN);
    expect(JSON.parse(listed.body).artifacts[0].name).toBe("dist");
    // Pagination stays on the app's own server.
    expect(list.headers.get("link")).toContain(`${appUrl}${API_PREFIX}/repos/o/r/actions/artifacts?`);
    expect(list.headers.get("link")).not.toContain(github.url);

    expect(github.seen).toEqual([
      {
        method: "GET",
        url: "/repos/o/r/actions/artifacts?per_page=1",
        authorization: `Bearer ${TOKEN}`,
        cookie: undefined,
      },
    ]);
  });

  it("refuses deletes unless started with --allow-delete, and says which at start", async () => {
    const github = await startFakeGitHub();
    stops.push(github.stop);
    const refused = await startLive(github.url, []);
    const origin = { origin: refused.appUrl };
    const denied = await fetch(`${refused.appUrl}${API_PREFIX}/repos/o/r/actions/artifacts/7`, {
      method: "DELETE",
      headers: origin,
    });
    expect(denied.status).toBe(403);
    expect((await read(denied)).all).not.toContain(TOKEN);
    expect(github.seen.filter((r) => r.method === "DELETE")).toEqual([]);

    const allowed = await startLive(github.url, ["--allow-delete"]);
    expect(allowed.output()).toContain("Deletes: ALLOWED (--allow-delete)");
    expect(await fetch(`${allowed.appUrl}/config.json`).then((r) => r.json())).toMatchObject({ deletes: true });
    const deleted = await fetch(`${allowed.appUrl}${API_PREFIX}/repos/o/r/actions/artifacts/7`, {
      method: "DELETE",
      headers: { origin: allowed.appUrl },
    });
    expect(deleted.status).toBe(204);
    expect(github.seen.filter((r) => r.method === "DELETE")).toEqual([
      { method: "DELETE", url: "/repos/o/r/actions/artifacts/7", authorization: `Bearer ${TOKEN}`, cookie: undefined },
    ]);
  });

  it("will not start without a token", async () => {
    await expect(startLocalWorld({ live: true, token: undefined })).rejects.toThrow("--live needs GITHUB_TOKEN");
  });
});
