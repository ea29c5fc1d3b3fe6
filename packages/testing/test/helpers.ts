import { type ArtifactsWorld, createArtifactsFetch, type FakeGitHubOptions } from "../src/index.js";

export const API = "https://api.github.test";
export const STORAGE = "https://storage.github.test";
export const TOKEN = "ghp_test000000000000000000000000000000000";

/** The fake as a fetch on `API` and `STORAGE`; `call(path, init)` asks the API with the token, redirects manual. */
export function fake(world: ArtifactsWorld, options: FakeGitHubOptions = {}) {
  const fetch = createArtifactsFetch(world, { baseUrl: API, storageUrl: STORAGE, ...options });
  const call = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? TOKEN : init.token;
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    return fetch(`${API}${path}`, { redirect: "manual", ...init, headers });
  };
  return { fetch, call };
}

export const list = (repo = "octo/hello") => `/repos/${repo}/actions/artifacts`;
export const one = (id: number, repo = "octo/hello") => `/repos/${repo}/actions/artifacts/${id}`;

/** Adds `count` zips named `name-N` to octo/hello, oldest first (so the last added is listed first). */
export function addMany(world: ArtifactsWorld, count: number, name = (i: number) => `artifact-${i}`) {
  return Array.from({ length: count }, (_, i) => world.addArtifact({ repo: "octo/hello", name: name(i + 1) }));
}
