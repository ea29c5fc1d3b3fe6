// GitHub for the fault tests whose point is not a broken answer but what the client does with GitHub's own (ETags
// and 304s): @gh-artifacts/testing's world, the repository's one fake of GitHub, on loopback.
import { createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { onTestFinished } from "vitest";

/**
 * GitHub with artifacts 1 to 9 of `o/r`: @gh-artifacts/testing's world on loopback, whose ETags and 304s are
 * GitHub's. A 304 is held until `release` allows it; `scripted` may answer first, with what GitHub never sends (both
 * the test's script). `requests`: each request's path and headers; `read(path)`: the world's answer, as text.
 */
export async function artifactServer(
  release: () => Promise<void> = async () => undefined,
  scripted?: (request: Request) => Response | undefined,
) {
  const world = createArtifactsWorld();
  for (let id = 1; id <= 9; id++) world.addArtifact({ repo: "o/r", id, name: `artifact-${id}` });
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fake = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      const { pathname, search } = new URL(request.url);
      requests.push({ url: `${pathname}${search}`, headers: Object.fromEntries(request.headers) });
      const own = scripted?.(request);
      if (own) return own;
      const answer = await next(request);
      if (answer.status === 304) await release();
      return answer;
    },
  });
  onTestFinished(() => fake.stop());
  const read = async (path: string) => {
    const answer = await fetch(`${fake.url}${path}`);
    requests.pop(); // note: the test's own read is no request of the client's

    return answer.text();
  };
  return { url: fake.url, requests, read };
}
