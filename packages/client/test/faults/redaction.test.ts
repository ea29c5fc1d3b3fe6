import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/errors.js";
import { errorFromResponse } from "../../src/middleware/error-mapping.js";
import { ERROR_BODY_LIMIT } from "../../src/read-body.js";
import { createRedactor, REDACTED, scrubNetworkError } from "../../src/redact.js";
import { caught, closeServers, networkClient, serveSequence } from "./network-client.js";

afterEach(closeServers);

const TOKEN = "ghs_EchoedBackByTheServer0123456789abcdef";
const OLD_TOKEN = "ghs_AnEarlierTokenOfTheSameProvider98765";

/** Every way an error is looked at: message, stack, fields, toJSON, util.inspect (hidden and getters too). */
function views(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: 20, showHidden: true, getters: true }),
    JSON.stringify(Object.fromEntries(Object.entries(e))),
  ];
}

function expectHidden(error: unknown, ...secrets: string[]) {
  for (const view of views(error)) for (const secret of secrets) expect(view).not.toContain(secret);
}

describe("redaction", () => {
  it("item 7: a token echoed in headers, status text and every part of the body never shows in the error", async () => {
    const server = await serveSequence((req, res) => {
      const echoed = String(req.headers.authorization).replace("Bearer ", "");
      res.writeHead(401, `Unauthorized ${echoed}`, {
        "content-type": "application/json",
        "www-authenticate": `Bearer realm="${echoed}"`,
        "x-echo": echoed,
      });
      res.end(
        JSON.stringify({
          message: `Bad credentials: ${echoed}`,
          documentation_url: `https://docs.github.com/?token=${echoed}`,
          errors: [{ message: `token ${echoed} is revoked`, [echoed]: echoed, nested: { deeper: [echoed] } }],
        }),
      );
    });
    const error = (await caught(() => networkClient(server.url, { token: TOKEN }).getArtifact())) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.message).toBe(`Bad credentials: ${REDACTED}`);
    expect(error.response?.headers["x-echo"]).toBe(REDACTED);
    expect(error.response?.data).toMatchObject({ errors: [{ message: `token ${REDACTED} is revoked` }] });
    expectHidden(error, TOKEN);
  });

  it("item 7: a non-JSON error body echoing the token is redacted text", async () => {
    const server = await serveSequence((req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`debug: authorization=${req.headers.authorization}`);
    });
    const error = (await caught(() => networkClient(server.url, { token: TOKEN }).getArtifact())) as GitHubApiError;
    expect(error.response?.data).toBe(`debug: authorization=Bearer ${REDACTED}`);
    expectHidden(error, TOKEN);
  });

  it("item 7: with a token function, the earlier token it handed out is redacted as well as the current one", async () => {
    // note: the first token is refused (401), the client asks the function again, and the server then echoes both.
    const server = await serveSequence(
      (_req, res) => {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Bad credentials" }));
      },
      (req, res) => {
        res.writeHead(403, { "content-type": "application/json", "x-old": OLD_TOKEN });
        res.end(JSON.stringify({ message: `${req.headers.authorization} replaced ${OLD_TOKEN}` }));
      },
    );
    const tokens = [OLD_TOKEN, TOKEN];
    const gh = networkClient(server.url, { token: () => (tokens.length > 1 ? tokens.shift() : tokens[0]) });
    const error = await caught(() => gh.getArtifact());
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${OLD_TOKEN}`, `Bearer ${TOKEN}`]);
    expect((error as Error).message).toBe(`Bearer ${REDACTED} replaced ${REDACTED}`);
    expectHidden(error, TOKEN, OLD_TOKEN);
  });

  it("item 7: a token cut in half by the 64 KiB error-body limit leaves no part of itself", async () => {
    // note: the body is cut ten characters into the token: a redactor looking for the whole token finds nothing.
    const body = `${"log ".repeat((ERROR_BODY_LIMIT - 10) / 4)}${TOKEN}${" more".repeat(1000)}`;
    const server = await serveSequence((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(body);
    });
    const error = (await caught(() => networkClient(server.url, { token: TOKEN }).getArtifact())) as GitHubApiError;
    const data = error.response?.data as string;
    expect(data.length).toBeLessThanOrEqual(ERROR_BODY_LIMIT);
    expect(data.startsWith("log log")).toBe(true);
    expectHidden(error, TOKEN.slice(0, 6));
  });

  it("item 7: URLs in errors drop user info, query and fragment (a signed URL's sig=)", () => {
    const redact = createRedactor(() => [TOKEN]);
    const url = `https://user:${TOKEN}@storage.test/path/archive.zip?sig=SIGNATURE&se=2030#frag`;
    const response = new Response("denied", { status: 403, headers: { "content-type": "text/plain" } });
    const error = errorFromResponse(response, "denied", redact, { method: "GET", url });
    expect(error.url).toBe("https://storage.test/path/archive.zip");
    expect(error.response?.url).toBe("https://storage.test/path/archive.zip");
    expectHidden(error, TOKEN, "SIGNATURE", "user");
  });
});

describe("token echoes that used to pass the redactor", () => {
  it("item 23: a token echoed in the x-ratelimit-* headers never reaches error.rateLimit", async () => {
    const server = await serveSequence((req, res) => {
      const echoed = String(req.headers.authorization).replace("Bearer ", "");
      res.writeHead(403, {
        "content-type": "application/json",
        "x-ratelimit-resource": echoed,
        "x-ratelimit-limit": echoed,
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1",
      });
      res.end(JSON.stringify({ message: "API rate limit exceeded" }));
    });
    for (const token of [TOKEN, () => TOKEN]) {
      const error = (await caught(() => networkClient(server.url, { token }).getArtifact())) as GitHubApiError;
      expect(error.name).toBe("RateLimitError");
      expect(error.rateLimit).toMatchObject({ resource: REDACTED, limit: undefined, remaining: 0 });
      expectHidden(error, TOKEN);
    }
  });

  it("item 23: a token function handing out a new token per call: none of 20 concurrent errors shows its token", async () => {
    let waiting: (() => void)[] = [];
    // note: every answer waits until all 20 requests (and so all 20 tokens) are out: no error is built before.
    const server = await serveSequence((req, res) => {
      const echoed = String(req.headers.authorization).replace("Bearer ", "");
      waiting.push(() => {
        res.writeHead(500, { "content-type": "application/json", "x-ratelimit-resource": echoed, "x-echo": echoed });
        res.end(JSON.stringify({ message: `internal error for ${echoed}`, errors: [{ token: echoed }] }));
      });
      if (waiting.length === 20) for (const answer of waiting.splice(0)) answer();
    });
    // note: the typed methods' own path, then the one through rawClient once it has middleware.
    for (const viaRaw of [false, true]) {
      let n = 0;
      const token = () => `ghs_PerCallToken${String(n++).padStart(4, "0")}abcdefghijklmnopqrstuv`;
      const gh = networkClient(server.url, { token });
      if (viaRaw) gh.raw.use({ onResponse: () => undefined });
      waiting = [];
      const errors = await Promise.all(Array.from({ length: 20 }, () => caught(() => gh.getArtifact())));
      expect(n).toBe(20);
      for (const error of errors) {
        expect((error as GitHubApiError).message).toBe(`internal error for ${REDACTED}`);
        expect((error as GitHubApiError).rateLimit.resource).toBe(REDACTED);
        expectHidden(error, "ghs_PerCallToken");
      }
    }
  });

  it("item 23: URLs in an error's cause lose user info, query and any echoed token (a Location fetch cannot parse)", async () => {
    // note: fetch follows the redirect of a typed method; the Location it cannot parse ends up in the cause.
    const server = await serveSequence((req, res) => {
      const echoed = String(req.headers.authorization).replace("Bearer ", "");
      res.writeHead(302, { location: `http://user:${echoed}@[bad/path?sig=SIGNATURE&token=${echoed}` }).end();
    });
    const error = await caught(() => networkClient(server.url, { token: TOKEN }).getArtifact());
    expect(error).toBeInstanceOf(TypeError);
    const cause = (error as Error).cause as { input?: unknown };
    expect(cause.input).toBe("http://[bad/path");
    expectHidden(error, TOKEN, "SIGNATURE", "user:");
    expectHidden(cause, TOKEN, "SIGNATURE", "user:");
  });

  it("item 23: URLs in errors drop user info and query even when they do not parse", () => {
    const redact = createRedactor(() => [TOKEN]);
    const url = `https://user:PASSWORD@[bad/path?sig=SIGNATURE#frag`;
    const response = new Response("denied", { status: 403, headers: { "content-type": "text/plain" } });
    const error = errorFromResponse(response, "denied", redact, { method: "GET", url });
    expect(error.url).toBe("https://[bad/path");
    expectHidden(error, "PASSWORD", "SIGNATURE", "user");
  });
});

describe("network failures", () => {
  it("item 23: a message quoting a URL with user info and a query is cut to origin and path; stack frames stay", () => {
    let error: TypeError | undefined;
    try {
      new Request(`https://user:${TOKEN}@storage.test/blob/1.zip?sig=SIGNATURE`);
    } catch (e) {
      error = e as TypeError;
    }
    const frames = error?.stack?.split("\n").slice(1).join("\n");
    scrubNetworkError(
      error as TypeError,
      createRedactor(() => [TOKEN]),
    );
    expect(error?.message).toMatch(/credentials: https:\/\/storage\.test\/blob\/1\.zip$/);
    expect(error?.stack?.endsWith(frames as string)).toBe(true);
    expectHidden(error, TOKEN, "SIGNATURE", "user:");
  });
});
