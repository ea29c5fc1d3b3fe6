// Checks an answer of the fake against spec/artifacts.yaml with a real JSON Schema validator (Ajv, with formats):
// the status is one the operation declares (a 304 stands for its 200: a conditional GET), the body follows the
// response's schema, and each declared header that is sent has the declared type.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { parse } from "yaml";

const SPEC_PATH = fileURLToPath(new URL("../../../spec/artifacts.yaml", import.meta.url));

interface Operation {
  operationId: string;
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }>; headers?: object }>;
}
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, any>>;
};

const spec = parse(readFileSync(SPEC_PATH, "utf8")) as Spec;
const ajv = new Ajv({ strict: true, allErrors: true });
// note: ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = (formats as unknown as { default: typeof formats.default }).default ?? formats;
addFormats(ajv);
ajv.addKeyword("example");
// note: the spec's schema components as one document's `$defs`, so each `$ref` to one resolves inside it.
const rewrite = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"spec#/$defs/'));
ajv.addSchema({ $id: "spec", $defs: rewrite(spec.components.schemas) as object });

const resolve = <T>(value: T & { $ref?: string }): T => {
  if (!value.$ref) return value;
  const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(value.$ref) ?? [];
  return resolve(spec.components[section as string]?.[name as string]);
};

/** The operation `method path` matches, with its id. */
export function operationOf(method: string, path: string): Operation & { template: string } {
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    const operation = item[method.toLowerCase()];
    if (operation && pattern.test(path)) return { ...operation, template };
  }
  throw new Error(`The spec has no operation ${method} ${path}`);
}

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(key: string, schema: object) {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rewrite(schema) as object);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Every way `response` (to `method path`) breaks the spec, as messages; none means it conforms.
 * Reads the body of a clone.
 */
export async function specProblems(method: string, path: string, response: Response): Promise<string[]> {
  const operation = operationOf(method, path);
  const problems: string[] = [];
  const status = response.status === 304 && method === "GET" ? "200" : String(response.status);
  const declared = operation.responses[status];
  if (!declared) return [`${operation.operationId}: status ${response.status} is not declared`];
  const definition = resolve(declared) as {
    content?: Record<string, { schema: object }>;
    headers?: Record<string, { $ref?: string; schema?: { type?: string; format?: string } }>;
  };
  for (const [name, header] of Object.entries(definition.headers ?? {})) {
    const value = response.headers.get(name);
    const { schema } = resolve(header);
    if (value === null || !schema) continue;
    if (schema.type === "integer" && !/^-?\d+$/.test(value)) problems.push(`header ${name}: not an integer: ${value}`);
    if (schema.format === "uri" && !URL.canParse(value)) problems.push(`header ${name}: not a URI: ${value}`);
  }
  const text = await response.clone().text();
  const json = definition.content?.["application/json"];
  if (!json || response.status === 304) {
    if (text !== "") problems.push(`${operation.operationId} ${response.status}: a body where the spec has none`);
    return problems;
  }
  if (!response.headers.get("content-type")?.startsWith("application/json")) {
    problems.push(`${operation.operationId} ${response.status}: content-type ${response.headers.get("content-type")}`);
  }
  const validate = validatorFor(`${operation.operationId} ${status}`, json.schema);
  if (!validate(JSON.parse(text))) {
    problems.push(
      ...(validate.errors ?? []).map((e) => `${operation.operationId} ${status}: ${e.instancePath} ${e.message}`),
    );
  }
  return problems;
}

/** The statuses the spec declares for an operation (for coverage checks). */
export function declaredStatuses(operationId: string): string[] {
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId === operationId) return Object.keys(operation.responses);
    }
  }
  return [];
}

/** Every operation id of the spec. */
export const OPERATION_IDS = Object.values(spec.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
