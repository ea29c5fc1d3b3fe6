import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { snapshotTree } from "@gh-artifacts/test-utils/snapshot-tree";
import { beforeEach, describe, expect, it } from "vitest";
import { daysAgo, runCli, tempDir } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
let dir: string;
beforeEach(async () => {
  dir = await tempDir("gh-artifacts-cli-files-");
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const created = daysAgo(1);

const html = Buffer.from("<!doctype html><title>Coverage</title><script>alert(1)</script>\n");
/** A wheel: a zip inside, but one file to its users; storage sends it as octet-stream. */
const wheel = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(512, 0x2a)]);
const pdf = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n", "latin1");

/** Single-file artifacts (upload-artifact@v7 with `archive: false`) next to a zip one. */
const singles: ArtifactSeed[] = [
  { id: 21, name: "report.html", createdAt: created, file: { bytes: html, contentType: "text/html; charset=utf-8" } },
  {
    id: 22,
    name: "app-1.2.0.whl",
    createdAt: created,
    file: { bytes: wheel, contentType: "application/octet-stream" },
  },
  { id: 23, name: "manual.pdf", createdAt: created, file: { bytes: pdf, contentType: "application/pdf" } },
  { id: 24, name: "site", createdAt: created, files: { "index.html": "<h1>site</h1>", "css/a.css": "a{}" } },
];

const run = (args: string[]) => runCli(["download", "octo/repo", ...args], { env: fake!.env });

describe("gh-artifacts download of single-file artifacts", () => {
  it.each([
    [21, "report.html", html],
    [22, "app-1.2.0.whl", wheel],
    [23, "manual.pdf", pdf],
  ])("artifact %i is saved as DIR/%s, its bytes and digest verified", async (id, name, bytes) => {
    fake = await startWorld(singles);
    const { code, stdout, stderr } = await run(["--id", String(id), "--out", dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const path = join(dir, name);
    expect(await readFile(path)).toEqual(bytes);
    expect(await readdir(dir)).toEqual([name]);
    expect(stdout).toBe(
      [
        `Downloaded ${name} (id ${id}) to ${path}`,
        "  kind      single file (uploaded with archive: false)",
        `  bytes     ${bytes.byteLength} (${bytes.byteLength} B)`,
        `  sha256    ${sha256(bytes)}`,
        "  verified  yes: it matches the artifact's digest",
        "",
      ].join("\n"),
    );
  });

  it("--json gives the kind, the file name and the real path", async () => {
    fake = await startWorld(singles);
    const { code, stdout } = await run(["--id", "22", "--out", dir, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      id: 22,
      name: "app-1.2.0.whl",
      path: join(dir, "app-1.2.0.whl"),
      bytes: wheel.byteLength,
      sha256: sha256(wheel),
      verified: true,
      kind: "file",
      fileName: "app-1.2.0.whl",
      extracted: null,
    });
  });

  it("a single file whose bytes do not match its digest is not kept, and an older file of its name stays", async () => {
    fake = await startWorld([{ ...singles[0]!, digest: `sha256:${"0".repeat(64)}` }]);
    await writeFile(join(dir, "report.html"), "yesterday's report");
    const { code, stderr } = await run(["--id", "21", "--out", dir]);
    expect(code).toBe(1);
    expect(stderr).toContain("Digest mismatch");
    expect(await readFile(join(dir, "report.html"), "utf8")).toBe("yesterday's report");
    expect(await readdir(dir)).toEqual(["report.html"]);
  });

  it("a verified download replaces an older file of the same name", async () => {
    fake = await startWorld(singles);
    await writeFile(join(dir, "manual.pdf"), "old manual");
    const { code } = await run(["--id", "23", "--out", dir]);
    expect(code).toBe(0);
    expect(await readFile(join(dir, "manual.pdf"))).toEqual(pdf);
    expect(await readdir(dir)).toEqual(["manual.pdf"]);
  });

  it("--extract leaves a single file at DIR/NAME (nothing to unzip) and says so", async () => {
    fake = await startWorld(singles);
    await writeFile(join(dir, "other.txt"), "mine");
    const text = await run(["--id", "22", "--out", dir, "--extract"]);
    expect(text.code).toBe(0);
    const path = join(dir, "app-1.2.0.whl");
    expect(text.stdout).toContain(`  extracted ${path} (a single file: nothing to unzip)\n`);
    expect(await readFile(path)).toEqual(wheel);
    expect((await readdir(dir)).sort()).toEqual(["app-1.2.0.whl", "other.txt"]);
    const json = await run(["--id", "21", "--out", dir, "--extract", "--json"]);
    expect(JSON.parse(json.stdout).extracted).toEqual({ kind: "file", path: join(dir, "report.html") });
  });
});

describe("gh-artifacts download --extract", () => {
  it("puts a zip's content in DIR/NAME/ and prints that folder", async () => {
    fake = await startWorld(singles);
    const { code, stdout } = await run(["--id", "24", "--out", dir, "--extract", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      path: join(dir, "site.zip"),
      kind: "zip",
      fileName: "site.zip",
      extracted: { kind: "zip", path: join(dir, "site") },
    });
    expect(await readFile(join(dir, "site", "css", "a.css"), "utf8")).toBe("a{}");
  });

  it("refuses a folder that exists and is not empty, before any byte is written (exit 2)", async () => {
    fake = await startWorld(singles);
    await mkdir(join(dir, "site"));
    await writeFile(join(dir, "site", "index.html"), "my own page");
    const before = await snapshotTree(dir);
    const { code, stderr } = await run(["--id", "24", "--out", dir, "--extract"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `gh-artifacts: error: --extract would write into ${join(dir, "site")}, which exists and is not an empty folder (add --force) (see gh-artifacts download --help)\n`,
    );
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("--force extracts into a folder that holds files: same names replaced, the others kept", async () => {
    fake = await startWorld(singles);
    await mkdir(join(dir, "site"));
    await writeFile(join(dir, "site", "index.html"), "my own page");
    await writeFile(join(dir, "site", "notes.txt"), "keep me");
    const { code } = await run(["--id", "24", "--out", dir, "--extract", "--force"]);
    expect(code).toBe(0);
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toBe("<h1>site</h1>");
    expect(await readFile(join(dir, "site", "notes.txt"), "utf8")).toBe("keep me");
  });

  it("an empty folder of that name is fine without --force", async () => {
    fake = await startWorld(singles);
    await mkdir(join(dir, "site"));
    expect((await run(["--id", "24", "--out", dir, "--extract"])).code).toBe(0);
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toBe("<h1>site</h1>");
  });

  it("never extracts through a symbolic link of that name, even with --force", async () => {
    fake = await startWorld(singles);
    const elsewhere = join(dir, "elsewhere");
    const out = join(dir, "out");
    await mkdir(elsewhere);
    await mkdir(out);
    await symlink(elsewhere, join(out, "site"));
    const before = await snapshotTree(dir);
    const { code, stderr } = await run(["--id", "24", "--out", out, "--extract", "--force"]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(out, "site")} is a symbolic link: --extract never writes through one`);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("--force without --extract is refused before any request", async () => {
    fake = await startWorld(singles);
    const { code, stderr } = await run(["--id", "24", "--out", dir, "--force"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--force goes with --extract");
    expect(fake.requests).toEqual([]);
  });

  it("an artifact named .git, --id N --extract, next to a real .git: .git is untouched, the content goes to _git/", async () => {
    const hooks = { config: "[core]\n\thooksPath = /tmp/pwned\n", "hooks/post-checkout": "#!/bin/sh\necho pwned\n" };
    fake = await startWorld([{ id: 31, name: ".git", createdAt: created, files: hooks }]);
    await mkdir(join(dir, ".git", "hooks"), { recursive: true });
    await writeFile(join(dir, ".git", "config"), "[core]\n\trepositoryformatversion = 0\n");
    await writeFile(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    const git = await snapshotTree(join(dir, ".git"));
    const { code, stdout } = await run(["--id", "31", "--out", dir, "--extract", "--json"]);
    expect(code).toBe(0);
    expect(await snapshotTree(join(dir, ".git"))).toEqual(git);
    expect((await readdir(dir)).sort()).toEqual([".git", "_git", "_git.zip"]);
    expect(await readFile(join(dir, "_git", "config"), "utf8")).toBe(hooks.config);
    expect(JSON.parse(stdout)).toMatchObject({
      path: join(dir, "_git.zip"),
      extracted: { kind: "zip", path: join(dir, "_git") },
    });
  });
});

describe("hostile artifact names never choose a path outside --out", () => {
  // note: each row: what the server calls the artifact, its storage type (a zip, else a single file), and what
  // --extract leaves in the (otherwise empty) folder.
  it.each([
    ["../../escape", "zip", ["__.._escape", "__.._escape.zip"]],
    ["/etc/passwd", "zip", ["_etc_passwd", "_etc_passwd.zip"]],
    ["C:\\Windows\\evil", "zip", ["C__Windows_evil", "C__Windows_evil.zip"]],
    ["~/.ssh/authorized_keys", "zip", ["~_.ssh_authorized_keys", "~_.ssh_authorized_keys.zip"]],
    ["..", "zip", ["artifact-41", "artifact-41.zip"]],
    [".", "zip", ["artifact-41", "artifact-41.zip"]],
    ["   ", "zip", ["artifact-41", "artifact-41.zip"]],
    ["CON", "zip", ["_CON", "_CON.zip"]],
    ["name\nwith\rcontrol\u0007", "zip", ["name_with_control_", "name_with_control_.zip"]],
    ["trailing. . ", "zip", ["trailing", "trailing.zip"]],
    ["x .zip", "zip", ["x", "x .zip"]],
    [".gh-artifacts-abc.partial", "zip", ["_gh-artifacts-abc.partial", "_gh-artifacts-abc.partial.zip"]],
    ["x".repeat(300), "zip", ["x".repeat(196), `${"x".repeat(196)}.zip`]],
    ["report\u202egnp.html", "text/html", ["report_gnp.html"]],
    ["..\\..\\app.whl", "application/octet-stream", ["__.._app.whl"]],
    [".env", "application/octet-stream", ["_env"]],
    ["nul.txt", "text/plain", ["_nul.txt"]],
    ["COM1.whl", "application/octet-stream", ["_COM1.whl"]],
    ["", "application/pdf", ["artifact-41.pdf"]],
  ])("%j (%s) becomes %j", async (name, type, expected) => {
    const seed: ArtifactSeed = { id: 41, name, createdAt: created };
    if (type !== "zip") seed.file = { bytes: html, contentType: type };
    fake = await startWorld([seed]);
    const out = join(dir, "a", "b", "out");
    const { code, stdout } = await run(["--id", "41", "--out", out, "--extract", "--json"]);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(expected);
    expect(await readdir(dir)).toEqual(["a"]);
    expect(await readdir(join(dir, "a", "b"))).toEqual(["out"]);
    const result = JSON.parse(stdout);
    expect(result.path).toBe(join(out, result.fileName));
    expect(expected).toContain(result.fileName);
  });
});
