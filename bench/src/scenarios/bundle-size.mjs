/**
 * 4. What a frontend ships: esbuild bundles (browser, ESM, minified, ES2022) of a module that imports one thing and
 * uses it, so tree-shaking keeps exactly what that import needs. Figures: minified bytes and gzip -9 bytes.
 * Ratio: gzipped size as a fraction of the Octokit bundle's. React, react-dom and TanStack Query are external to
 * the hooks bundle (an app has them anyway). Sizes are deterministic: the rounds only check that they do not move.
 */
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { row, scenario, target } from "../lib/result.mjs";

export const id = "bundle-size";
export const title = "Bundle size";

const PEERS = ["react", "react-dom", "@tanstack/react-query"];

const ENTRIES = {
  client: {
    label: "@gh-artifacts/client: createArtifactsClient",
    role: "ours",
    code: `import { createArtifactsClient } from "@gh-artifacts/client";
export const gh = createArtifactsClient({ token: globalThis.token });`,
  },
  react: {
    label: "@gh-artifacts/react: provider + useArtifacts + client (peers external)",
    role: "ours",
    code: `import { createArtifactsClient } from "@gh-artifacts/client";
import { ArtifactsClientProvider, useArtifacts } from "@gh-artifacts/react";
export const gh = createArtifactsClient({ token: globalThis.token });
export { ArtifactsClientProvider, useArtifacts };`,
    external: PEERS,
  },
  // note: the opt-in features of issue 15 on top: what a bundle that caches ETags and downloads ships.
  "client-opt-in": {
    label: "… with the opt-in ETag cache and downloads (createEtagCache, downloadArtifact)",
    role: "diagnostic",
    code: `import { createArtifactsClient, createEtagCache, downloadArtifact } from "@gh-artifacts/client";
export const gh = createArtifactsClient({ token: globalThis.token, cache: createEtagCache() });
export const download = (p) => downloadArtifact(gh, p);`,
  },
  "openapi-fetch": {
    label: "openapi-fetch: createClient (for reference)",
    role: "alternative",
    code: `import createClient from "openapi-fetch";
export const api = createClient({ baseUrl: "https://api.github.com" });`,
  },
  octokit: {
    label: "@octokit/rest: Octokit",
    role: "baseline",
    code: `import { Octokit } from "@octokit/rest";
export const octokit = new Octokit({ auth: globalThis.token });`,
  },
};

async function bundle(esbuild, bench, entry) {
  const result = await esbuild.build({
    stdin: { contents: entry.code, resolveDir: bench, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external: (entry.external ?? []).flatMap((p) => [p, `${p}/*`]),
    logLevel: "silent",
    legalComments: "none",
    metafile: true,
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

/** Minified bytes per source module, largest first, named by package and file ("openapi-fetch", "client/validate"). */
function breakdown(inputs) {
  return Object.entries(inputs)
    .map(([file, { bytesInOutput }]) => {
      const name = file
        .replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "")
        .replace(/^(?:\.\.\/)*packages\//, "")
        .replace(/\/dist\/(?:index\.m?js)?/, "/")
        .replace(/\/$/, "")
        .replace(/\.m?js$/, "");
      return [name, bytesInOutput];
    })
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
}

export async function run({ quick, bench }) {
  const require = createRequire(`${bench}/package.json`);
  const esbuild = await import(require.resolve("esbuild"));
  const rounds = quick ? 1 : 3;
  const sizes = new Map();
  const unavailable = new Map();
  for (let r = 0; r < rounds; r++) {
    for (const [key, entry] of Object.entries(ENTRIES)) {
      if (unavailable.has(key)) continue;
      let size;
      try {
        size = await bundle(esbuild, bench, entry);
      } catch (error) {
        // A package under construction (not built yet, or not resolvable) makes its row n/a, not the run a crash.
        if (key !== "react") throw error;
        unavailable.set(key, String(error.errors?.[0]?.text ?? error.message).split("\n")[0]);
        continue;
      }
      const list = sizes.get(key) ?? [];
      if (list.length > 0 && (list[0].gzip !== size.gzip || list[0].minified !== size.minified)) {
        throw new Error(`${key}: the bundle size changed between rounds`);
      }
      list.push(size);
      sizes.set(key, list);
    }
  }

  const octokitGzip = sizes.get("octokit")[0].gzip;
  const rows = [];
  for (const [key, entry] of Object.entries(ENTRIES)) {
    if (unavailable.has(key)) {
      const na = { contender: key, label: entry.label, role: entry.role, unit: "B", stats: null };
      rows.push(row({ ...na, metric: "gzipped", ratioText: `n/a: ${unavailable.get(key)}` }));
      continue;
    }
    const list = sizes.get(key);
    const gzip = list[0].gzip;
    const ratioText = key === "octokit" ? "baseline" : `${((100 * gzip) / octokitGzip).toFixed(1)}% of Octokit`;
    rows.push(
      row({
        contender: key,
        label: entry.label,
        role: entry.role,
        metric: "gzipped",
        unit: "B",
        samples: list.map((s) => s.gzip),
        ratio: gzip / octokitGzip,
        ratioText,
      }),
      row({
        contender: key,
        label: entry.label,
        role: entry.role,
        metric: "minified",
        unit: "B",
        samples: list.map((s) => s.minified),
      }),
    );
  }
  const client = sizes.get("client")[0].gzip / octokitGzip;
  const parts = breakdown(sizes.get("client")[0].inputs);
  const top = parts
    .slice(0, 6)
    .map(([name, bytes]) => `${name} ${bytes.toLocaleString("en-US")} B`)
    .join(", ");
  const budget = Math.floor(octokitGzip / 4);
  const optIn = sizes.get("client-opt-in");
  const optInAdds = optIn ? (optIn[0].gzip - sizes.get("client")[0].gzip).toLocaleString("en-US") : "n/a";
  const notes = [
    "esbuild, browser platform, ESM, minified, ES2022; gzip level 9. Each entry imports one thing and uses it.",
    `Largest parts of the client bundle (minified bytes): ${top}.`,
  ];
  for (const [key, reason] of unavailable) notes.push(`${ENTRIES[key].label}: n/a (${reason}).`);
  return scenario({
    id,
    title,
    params: { rounds, esbuild: esbuild.version },
    rows,
    targets: [
      target({
        id: "bundle-size",
        description: "client bundle ≤ 1/4 of Octokit's, gzipped",
        measured: `${(100 * client).toFixed(1)}%`,
        met: client <= 0.25,
        because:
          `the budget is ${budget.toLocaleString("en-US")} B gzipped, and what every client carries (checked ` +
          `inputs, retries, bounded bodies, typed errors, pagination) is over it without openapi-fetch ` +
          `(${sizes.get("openapi-fetch")[0].gzip.toLocaleString("en-US")} B, which comes with rawClient and downloads); ` +
          `the largest parts (minified): ${top}; ` +
          `the opt-in ETag cache and downloads add ${optInAdds} B gzipped only to bundles that import them`,
      }),
    ],
    notes,
  });
}
