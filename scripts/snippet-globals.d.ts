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
