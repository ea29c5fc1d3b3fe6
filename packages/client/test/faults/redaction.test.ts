import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/errors.js";
import { errorFromResponse } from "../../src/middleware/error-mapping.js";
import { ERROR_BODY_LIMIT } from "../../src/read-body.js";
import { createRedactor, REDACTED } from "../../src/redact.js";
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
