// What the handler adds per request besides the network: `fetch` answers from memory. Run with
// `pnpm --filter @gh-artifacts/client exec vitest bench --run test/server/proxy.bench.ts` (not part of `test`).
import { bench, describe } from "vitest";
import { createArtifactsProxy } from "../../src/server/index.js";
import { artifact, BASE } from "../helpers.js";

const TOKEN = `ghp_${"x".repeat(36)}`;
const page = JSON.stringify({
  total_count: 1000,
  artifacts: Array.from({ length: 100 }, (_, i) => artifact(i + 1, { digest: `sha256:${"a".repeat(64)}` })),
});
const one = JSON.stringify(artifact(1));
const headers = {
  "content-type": "application/json; charset=utf-8",
  etag: '"x"',
  link: '<https://api.github.com/repositories/1/actions/artifacts?per_page=100&page=2>; rel="next"',
  "x-ratelimit-remaining": "4999",
};
const answering = (body: string) =>
  createArtifactsProxy({
    token: TOKEN,
    // note: the artifacts' own base, so their `url` and `archive_download_url` are rewritten as GitHub's would be.
    baseUrl: BASE,
    pathPrefix: "/api/github",
    fetch: async () => new Response(body, { headers }),
  });
const listing = answering(page);
const getting = answering(one);
const LIST = "http://app.test/api/github/repos/o/r/actions/artifacts?per_page=100&page=1";
const ONE = "http://app.test/api/github/repos/o/r/actions/artifacts/1";

describe(`proxy handler, in process (a page of 100 artifacts is ${Math.round(page.length / 1024)} KiB)`, () => {
  bench("list: a page of 100 artifacts", async () => {
    await (await listing(new Request(LIST))).arrayBuffer();
  });
  bench("get: one artifact", async () => {
    await (await getting(new Request(ONE))).arrayBuffer();
  });
  bench("refused: a bad id (400, nothing upstream)", async () => {
    await (await getting(new Request(`${ONE}e3`))).arrayBuffer();
  });
});
