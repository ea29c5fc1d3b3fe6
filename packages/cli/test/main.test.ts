import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { daysAgo, runCli } from "./run-cli.js";
import { type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;

const TOKEN = "ghp_NeverPrintThis0123456789abcdefABCDEF";
// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape is what this looks for
const ANSI = /\u001b\[/;

/** A 401 whose message, headers and body echo the Authorization header, as a hostile or buggy server might. */
const echoAuthorization = (request: Request) => {
  const sent = request.headers.get("authorization") ?? "";
  return Response.json(
    { message: `Bad credentials: ${sent}`, documentation_url: `https://docs.example/${sent}` },
    { status: 401, headers: { "x-echo": sent } },
  );
};

describe("gh-artifacts (main)", () => {
  it("prints the usage on stderr with exit 2 when no command is given, and on stdout for --help", async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: gh-artifacts <command> OWNER/REPO [flags]");
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(none.stderr);
    for (const command of ["list", "download", "prune", "usage"]) {
      const own = await runCli([command, "--help"]);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: gh-artifacts ${command} OWNER/REPO`);
      expect((await runCli(["help", command])).stdout).toBe(own.stdout);
    }
  });

  it("prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    expect(await runCli(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([
    [
      ["lsit", "o/r"],
      'gh-artifacts: error: "lsit" is not a command (list, download, prune, usage) (see gh-artifacts --help)\n',
    ],
    [
      ["list", "o/r", "extra"],
      'gh-artifacts: error: "extra" is one argument too many (only OWNER/REPO) (see gh-artifacts list --help)\n',
    ],
    [
      ["list", "o/r", "--nme", "x"],
      "gh-artifacts: error: --nme is not a flag of list (see gh-artifacts list --help)\n",
    ],
  ])("refuses %j in one line with exit 2", async (argv, line) => {
    expect(await runCli(argv)).toMatchObject({ code: 2, stdout: "", stderr: line });
  });

  it("uses GH_TOKEN before GITHUB_TOKEN, and --base-url before GITHUB_API_URL", async () => {
    // note: the world knows both tokens by name, so its log tells which one came (without keeping either).
    fake = await startWorld([{ id: 1, name: "a", createdAt: daysAgo(1) }], {
      tokens: { first: "first", second: "second" },
    });
    const env = { GH_TOKEN: "first", GITHUB_TOKEN: "second", GITHUB_API_URL: "http://127.0.0.1:9/unused" };
    const { code } = await runCli(["list", "o/r", "--base-url", fake.url], { env });
    expect(code).toBe(0);
    expect(fake.requests.map((r) => r.authorization)).toEqual(["first"]);
    await runCli(["list", "o/r", "--base-url", fake.url], { env: { GITHUB_TOKEN: "second", GH_TOKEN: "" } });
    expect(fake.requests[1]!.authorization).toBe("second");
  });

  it("colours only on a terminal, and never with NO_COLOR or TERM=dumb", async () => {
    fake = await startWorld([{ id: 1, name: "a", createdAt: daysAgo(1) }]);
    const list = (env: Record<string, string>, isTTY: boolean) =>
      runCli(["list", "o/r", "--base-url", fake!.url], { env, isTTY });
    expect((await list({}, true)).stdout).toMatch(ANSI);
    expect((await list({ NO_COLOR: "1" }, true)).stdout).not.toMatch(ANSI);
    expect((await list({ TERM: "dumb" }, true)).stdout).not.toMatch(ANSI);
    expect((await list({}, false)).stdout).not.toMatch(ANSI);
    expect((await runCli(["lsit"], { isTTY: true })).stderr).toMatch(ANSI);
    expect((await runCli(["lsit"], { isTTY: true, env: { NO_COLOR: "1" } })).stderr).not.toMatch(ANSI);
    // note: stdout piped, stderr a terminal: the table stays plain.
    const piped = await runCli(["list", "o/r", "--base-url", fake.url], {
      isTTY: { stdin: true, stdout: false, stderr: true },
    });
    expect(piped.stdout).not.toMatch(ANSI);
  });

  it.each([
    ["list", ["list", "o/r"]],
    ["download --id", ["download", "o/r", "--id", "1", "--out", "unused"]],
    ["download --name --latest", ["download", "o/r", "--name", "a", "--latest", "--out", "unused"]],
    ["prune", ["prune", "o/r", "--keep-latest", "1", "--yes"]],
    ["prune --dry-run", ["prune", "o/r", "--keep-latest", "1", "--dry-run"]],
  ])("%s: an error answer echoing the token prints one line without it, exit 1", async (_, argv) => {
    fake = await startWorld([{ id: 1, name: "a", createdAt: daysAgo(1) }]);
    fake.intercept = echoAuthorization;
    const { code, stdout, stderr } = await runCli(argv, { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url } });
    expect(code).toBe(1);
    expect(fake.requests[0]!.authorization).toBe("token");
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^gh-artifacts: error: GitHub answered 401 for GET http:\/\/127\.0\.0\.1:\d+\/repos\/o\/r\/actions\/artifacts/,
    );
    expect(stderr).toContain("Bad credentials: Bearer [REDACTED] (check GITHUB_TOKEN or GH_TOKEN)");
    expect(stderr.split("\n")).toEqual([expect.any(String), ""]);
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(stdout + stderr).not.toContain(TOKEN.slice(4, 20));
  });

  it("masks the token even where the CLI itself would print it (a token pasted as OWNER/REPO)", async () => {
    const { code, stderr } = await runCli(["list", TOKEN], { env: { GITHUB_TOKEN: TOKEN } });
    expect(code).toBe(2);
    expect(stderr).toContain('(got "[REDACTED]")');
    expect(stderr).not.toContain(TOKEN);
  });

  it("refuses a malformed --base-url before any request, naming the flag", async () => {
    const { code, stderr } = await runCli(["list", "o/r", "--base-url", "http://user:pw@127.0.0.1:1/"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^gh-artifacts: error: --base-url must be an absolute http\(s\) URL .*\(see gh-artifacts list --help\)\n$/,
    );
    expect(stderr).not.toContain("pw");
    const bare = await runCli(["usage", "o/r", "--base-url", "not-a-url"]);
    expect(bare).toMatchObject({ code: 2, stdout: "" });
    expect(bare.stderr).toMatch(/^gh-artifacts: error: --base-url must be an absolute http\(s\) URL/);
  });

  it("names GITHUB_API_URL when the malformed root came from there", async () => {
    const { code, stderr } = await runCli(["list", "o/r"], { env: { GITHUB_API_URL: "api.github.com" } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^gh-artifacts: error: GITHUB_API_URL must be an absolute http\(s\) URL/);
  });
});
