import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operationParameters } from "../src/index.js";

const spec = parse(readFileSync(new URL("../../../spec/artifacts.yaml", import.meta.url), "utf8"));

describe("operationParameters", () => {
  it("has one entry per operation of the spec, with its method and path", () => {
    const fromSpec = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId: string }>).map(([method, op]) => [
        op.operationId,
        method.toUpperCase(),
        path,
      ]),
    );
    const generated = Object.entries(operationParameters).map(([id, op]) => [id, op.method, op.path]);
    expect(generated.sort()).toEqual(fromSpec.sort());
  });

  it("carries the bounds the overlay adds", () => {
    const list = operationParameters["actions/list-artifacts-for-repo"].parameters;
    expect(list.per_page.schema).toMatchObject({ minimum: 1, maximum: 100, default: 30 });
    expect(list.page.schema).toMatchObject({ minimum: 1 });
    const download = operationParameters["actions/download-artifact"].parameters;
    expect(download.archive_format.schema.enum).toEqual(["zip"]);
    expect(download.artifact_id.schema).toMatchObject({ type: "integer", minimum: 1 });
    expect(operationParameters["actions/list-workflow-run-artifacts"].parameters.run_id.schema.minimum).toBe(1);
  });
});
