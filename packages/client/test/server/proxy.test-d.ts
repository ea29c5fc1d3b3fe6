import { createServer } from "node:http";
import { describe, expectTypeOf, it } from "vitest";
import { toNodeListener } from "../../src/node/index.js";
import {
  type ArtifactOperationId,
  type ArtifactsProxyOptions,
  createArtifactsProxy,
  type ProxyRequestContext,
} from "../../src/server/index.js";

describe("createArtifactsProxy types", () => {
  it("is a web-standard handler", () => {
    expectTypeOf(createArtifactsProxy).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(createArtifactsProxy).parameter(0).toEqualTypeOf<ArtifactsProxyOptions | undefined>();
  });

  it("takes a token string or a function of the request", () => {
    createArtifactsProxy({ token: "ghp_x" });
    createArtifactsProxy({ token: (request) => request.headers.get("x-token") ?? undefined });
    createArtifactsProxy({ token: async () => undefined });
    // @ts-expect-error a token function returns a string or undefined
    createArtifactsProxy({ token: () => 42 });
  });

  it("gives authorize a typed context and wants a boolean", () => {
    createArtifactsProxy({
      authorize: (ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<ProxyRequestContext>();
        expectTypeOf(ctx.operationId).toEqualTypeOf<ArtifactOperationId>();
        expectTypeOf(ctx.params).toEqualTypeOf<Record<string, string | number | boolean>>();
        expectTypeOf(ctx.request).toEqualTypeOf<Request>();
        return ctx.operationId !== "actions/delete-artifact" && ctx.owner === "me";
      },
    });
    createArtifactsProxy({ authorize: async (ctx) => ctx.repo === "r" });
    // @ts-expect-error authorize answers with a boolean
    createArtifactsProxy({ authorize: () => "yes" });
  });

  it("names the two download modes", () => {
    createArtifactsProxy({ download: "redirect" });
    createArtifactsProxy({ download: "stream" });
    // @ts-expect-error only "redirect" or "stream"
    createArtifactsProxy({ download: "follow" });
  });

  it("mounts on node:http through toNodeListener", () => {
    const server = createServer(toNodeListener(createArtifactsProxy({ pathPrefix: "/api/github" })));
    expectTypeOf(server.listen).toBeFunction();
  });
});
