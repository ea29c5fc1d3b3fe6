import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operationParameters, parameterRules } from "../src/index.js";

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

describe("parameterRules", () => {
  it("is operationParameters' path and query parameters as [type, required, minimum, maximum, enum]", () => {
    for (const [id, op] of Object.entries(operationParameters)) {
      const expected = Object.fromEntries(
        Object.entries(
          op.parameters as Record<string, { in: string; required: boolean; schema: Record<string, unknown> }>,
        )
          .filter(([, p]) => p.in === "path" || p.in === "query")
          .map(([name, { required, schema }]) => {
            const type = Array.isArray(schema.type) ? schema.type.join("|") : schema.type;
            const rule = [type, required, schema.minimum ?? null, schema.maximum ?? null, schema.enum ?? null];
            while (rule.at(-1) === null) rule.pop();
            return [name, rule];
          }),
      );
      expect(parameterRules[id as keyof typeof parameterRules]).toEqual(expected);
    }
    expect(parameterRules["actions/list-artifacts-for-repo"].per_page).toEqual(["integer", false, 1, 100]);
  });

  it("joins the types of a parameter that takes several: a workflow by id (>= 1) or file name", () => {
    expect(operationParameters["actions/list-workflow-runs"].parameters.workflow_id.schema).toEqual({
      type: ["integer", "string"],
      minimum: 1,
    });
    expect(parameterRules["actions/list-workflow-runs"].workflow_id).toEqual(["integer|string", true, 1]);
    expect(parameterRules["actions/list-workflow-runs-for-repo"].exclude_pull_requests).toEqual(["boolean", false]);
  });
});
