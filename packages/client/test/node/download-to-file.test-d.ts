import { describe, expectTypeOf, it } from "vitest";
import { createArtifactsClient } from "../../src/index.js";
import {
  type DownloadArtifactToFileOptions,
  type DownloadArtifactToFileResult,
  type DownloadInfo,
  downloadArtifactToFile,
  type ExtractLimits,
  type ExtractZipOptions,
  extractZip,
} from "../../src/node/index.js";

const gh = createArtifactsClient();
const ref = { owner: "o", repo: "r", artifact_id: 1, path: "a.zip" } as const;

describe("download and extraction options", () => {
  it("takes requireDigest and extractLimits, all optional", () => {
    expectTypeOf(downloadArtifactToFile).toBeCallableWith(gh, ref);
    expectTypeOf(downloadArtifactToFile).toBeCallableWith(gh, {
      ...ref,
      requireDigest: true,
      extractTo: "out",
      extractLimits: { maxBytes: 1024, maxEntries: 10, maxCompressionRatio: 100 },
    });
    expectTypeOf<DownloadArtifactToFileOptions["extractLimits"]>().toEqualTypeOf<ExtractLimits | undefined>();
  });

  it("saves to path or to dir (one of the two); extractTo is a folder or a function of the kind", () => {
    const { path: _, ...noPath } = ref;
    expectTypeOf(downloadArtifactToFile).toBeCallableWith(gh, { ...noPath, dir: "out" });
    // @ts-expect-error path and dir exclude each other
    downloadArtifactToFile(gh, { ...ref, dir: "out" });
    expectTypeOf(downloadArtifactToFile).toBeCallableWith(gh, {
      ...ref,
      extractTo: ({ kind, fileName }: DownloadInfo) => (kind === "zip" ? fileName : "."),
    });
    expectTypeOf(downloadArtifactToFile).toBeCallableWith(gh, { ...ref, extractTo: async () => "out" });
    expectTypeOf<DownloadInfo>().toEqualTypeOf<{ kind: "zip" | "file"; fileName: string }>();
    expectTypeOf<DownloadArtifactToFileResult["extracted"]>().toEqualTypeOf<{
      kind: "zip" | "file";
      path: string;
    } | null>();
  });

  it("extractZip takes the same limits plus a signal", () => {
    expectTypeOf<ExtractZipOptions>().toExtend<ExtractLimits>();
    expectTypeOf(extractZip).toBeCallableWith("a.zip", "out", { maxEntries: 1, signal: AbortSignal.timeout(1) });
    // @ts-expect-error: the old name is gone
    extractZip("a.zip", "out", { maxTotalBytes: 1 });
  });
});
