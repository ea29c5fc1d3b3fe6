// note: the free names README snippets use without declaring them (CONTRIBUTING.md, "README snippets"): the values
// a reader already has at that point of the README. Anything else a snippet needs is imported, visibly or in a
// `<!-- snippet-prelude: … -->` comment above its fence.
declare const gh: import("@gh-artifacts/client").ArtifactsClient;
declare const client: import("@gh-artifacts/client").ArtifactsClient;
declare const queryClient: import("@tanstack/react-query").QueryClient;
declare const token: string;
declare const owner: string;
declare const repo: string;
declare const artifact_id: number;

// note: a minimal stand-in for Hono's types, enough for the client README's server-proxy deployment snippet (Hono is
// no dependency of this repository); a `Context`'s `req.raw` is the web `Request`.
declare module "hono" {
  export class Hono {
    all(path: string, handler: (c: { req: { raw: Request } }) => Response | Promise<Response>): this;
    fetch(request: Request): Response | Promise<Response>;
  }
}
