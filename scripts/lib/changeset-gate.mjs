// The changeset gate as pure functions: what bump the spec and API changes require, what the added
// changesets give, and whether that is enough. scripts/check-changeset.mjs only gathers the inputs.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";

/** The published packages; one `fixed` group in .changeset/config.json. */
export const PACKAGES = [
  "@gh-artifacts/types",
  "@gh-artifacts/client",
  "@gh-artifacts/react",
  "@gh-artifacts/query",
  "@gh-artifacts/vue",
];

/** Bumps from smallest to largest, as changesets names them ("none" is a valid changeset type too). */
export const BUMPS = ["none", "patch", "minor", "major"];

const BUMP_OF_LEVEL = { none: "none", fix: "patch", feature: "minor", breaking: "major" };

const rank = (bump) => {
  const i = BUMPS.indexOf(bump);
  if (i < 0) throw new TypeError(`unknown bump ${JSON.stringify(bump)} (expected one of ${BUMPS.join(", ")})`);
  return i;
};

const bumpOfLevel = (level, what) => {
  const bump = BUMP_OF_LEVEL[level];
  if (!bump)
    throw new TypeError(`unknown ${what} level ${JSON.stringify(level)} (expected breaking, feature, fix or none)`);
  return bump;
};

export const maxBump = (...bumps) => bumps.reduce((a, b) => (rank(b) > rank(a) ? b : a), "none");

/**
 * The bump the changes require: the larger of the spec diff's and the API reports' levels
 * (breaking → major, feature → minor, fix → patch, none → none).
 * note: while the packages are 0.x, changesets still writes a breaking change as `major` (it
 * becomes 1.0.0); we ask for `major` rather than reading 0.x minors as breaking.
 */
export function requiredBump(specLevel = "none", apiLevel = "none") {
  return maxBump(bumpOfLevel(specLevel, "spec"), bumpOfLevel(apiLevel, "API"));
}

/**
 * What the changesets bump each published package to, reading `fixed` as changesets does when it
 * assembles a release: every package of a fixed group is released at the group's highest bump, so
 * a `minor` for any one of them counts as a `minor` for all. Packages outside every group count
 * only their own entries.
 * @param {{ releases: { name: string, type: string }[] }[]} changesets parsed changesets
 * @param {{ fixed?: string[][] }} config .changeset/config.json
 * @returns {Record<string, string>} package name → bump ("none" when nothing bumps it)
 */
export function bumpsIn(changesets, config = {}) {
  const own = new Map();
  for (const { releases } of changesets) {
    for (const { name, type } of releases) own.set(name, maxBump(own.get(name) ?? "none", type));
  }
  const groupOf = (name) => (config.fixed ?? []).find((group) => group.includes(name)) ?? [name];
  return Object.fromEntries(
    PACKAGES.map((name) => [name, maxBump(...groupOf(name).map((member) => own.get(member) ?? "none"))]),
  );
}

/**
 * @param {string} required the bump requiredBump returned
 * @param {Record<string, string>} given what bumpsIn returned
 * @returns {{ ok: boolean, required: string, missing: { name: string, required: string, given: string }[] }}
 */
export function verdict(required, given) {
  const missing = PACKAGES.filter((name) => rank(given[name] ?? "none") < rank(required)).map((name) => ({
    name,
    required,
    given: given[name] ?? "none",
  }));
  return { ok: missing.length === 0, required, missing };
}

const require = createRequire(import.meta.url);
let parseFile;
/**
 * Parses a changeset with changesets' own parser (front matter rules and errors included).
 * note: @changesets/parse is a dependency of the root's @changesets/cli, so it is resolved from there.
 */
export function parseChangeset(text) {
  parseFile ??= (() => {
    const fromCli = createRequire(require.resolve("@changesets/cli/package.json"));
    const mod = fromCli("@changesets/parse");
    return mod.default ?? mod;
  })();
  return parseFile(text);
}

/** The lines a human reads: the required bump, what each package gets, and the fix. */
export function describeVerdict({ ok, required, missing }, { base = "main" } = {}) {
  if (required === "none") return [`changeset: nothing to release since ${base} (no spec or API change)`];
  if (ok) return [`changeset: ok, the changesets added since ${base} bump the packages at least ${required}`];
  return [
    `changeset: the spec and API changes since ${base} need a ${required} release, but:`,
    ...missing.map(
      ({ name, given }) => `  ${name}: ${given === "none" ? "no changeset bumps it" : `bumped only ${given}`}`,
    ),
    `Run \`pnpm check:changeset --base ${base} --write\` (or \`pnpm changeset\`, choosing ${required}) and commit the new .changeset/ file.`,
  ];
}

/**
 * The changeset --write creates: the required bump for the three packages, and a text that names
 * the spec and API changes in words (it becomes the changelog users read).
 * @returns {{ name: string, text: string }} name is the file name under .changeset/
 */
export function renderChangeset(required, { spec = { changes: [] }, api = { changes: [] } } = {}) {
  if (required === "none") throw new TypeError("renderChangeset: nothing to release");
  const front = ["---", ...PACKAGES.map((name) => `"${name}": ${required}`), "---", ""];
  const specLines = spec.changes.map((c) => `- ${c.level === "breaking" ? "Breaking: " : ""}${c.message}`);
  const apiLines = api.changes.map(
    (c) => `- ${c.level === "breaking" ? "Breaking: " : ""}${c.package ? `\`${c.package}\`: ` : ""}${c.message}`,
  );
  const body = [
    specLines.length > 0
      ? "Follows GitHub's updated description of the Actions artifacts endpoints."
      : "Changes the packages' TypeScript API.",
  ];
  if (specLines.length > 0) body.push("", "API description:", "", ...specLines);
  if (apiLines.length > 0) body.push("", "TypeScript API:", "", ...apiLines);
  const text = `${front.join("\n")}\n${body.join("\n")}\n`;
  // note: named after its content, so running --write twice rewrites one file instead of adding another.
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 8);
  return { name: `spec-${hash}.md`, text };
}
