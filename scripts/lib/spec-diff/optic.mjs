// Runs optic's differ and its breaking-changes ruleset over two parsed OpenAPI documents, offline.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

// note: optic reports usage unless told not to; nothing here may phone home, so this is set before loading it.
process.env.OPTIC_TELEMETRY_LEVEL = "off";

// note: optic's libraries are dependencies of @useoptic/optic, not of this package, so they are resolved from there.
const fromScripts = createRequire(import.meta.url);
const fromOptic = createRequire(fromScripts.resolve("@useoptic/optic/package.json"));

let loaded;
function optic() {
  loaded ??= {
    utilities: fromOptic("@useoptic/openapi-utilities"),
    io: fromOptic("@useoptic/openapi-io"),
    rulesets: fromOptic("@useoptic/standard-rulesets"),
    base: fromOptic("@useoptic/rulesets-base"),
  };
  return loaded;
}

/**
 * Dereferences both documents with optic's parser (it needs files: they go to a temporary directory),
 * diffs them with optic's differ (arrays matched by identity: parameters by `in` and `name`), and runs optic's
 * breaking-changes ruleset.
 * @returns {Promise<{ base: object, head: object, diffs: Array<{ before?: string, after?: string }>,
 *   failures: Array<{ name: string, error: string, pointer: string }> }>}
 */
export async function runOptic(baseDoc, headDoc) {
  const { utilities, io, rulesets, base } = optic();
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
  try {
    const parse = async (name, doc) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(doc));
      return { ...(await io.parseOpenAPIWithSourcemap(file)), isEmptySpec: false };
    };
    const from = await parse("base.json", baseDoc);
    const to = await parse("head.json", headDoc);
    const runner = new base.RuleRunner([new rulesets.BreakingChangesRuleset()]);
    const { diffs, results } = await utilities.compareSpecs(from, to, runner, {});
    const failures = results
      .filter((r) => !r.passed && !r.exempted)
      .map((r) => ({ name: r.name, error: r.error ?? r.name, pointer: r.location?.jsonPath ?? "" }));
    return { base: from.jsonLike, head: to.jsonLike, diffs, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
