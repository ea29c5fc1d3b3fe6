// API reports of the published packages: api-extractor writes one `.api.md` per entry point (from the built
// dist/*.d.ts), and this module compares two versions of those reports declaration by declaration.
import { execFile } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** One api-extractor config per published entry point; `report` is the committed report, relative to the root. */
export const ENTRY_POINTS = [
  { package: "@gh-artifacts/types", entry: ".", config: "packages/types/api-extractor.json" },
  { package: "@gh-artifacts/client", entry: ".", config: "packages/client/api-extractor.json" },
  { package: "@gh-artifacts/client", entry: "./node", config: "packages/client/api-extractor.node.json" },
  { package: "@gh-artifacts/client", entry: "./server", config: "packages/client/api-extractor.server.json" },
  { package: "@gh-artifacts/query", entry: ".", config: "packages/query/api-extractor.json" },
  { package: "@gh-artifacts/react", entry: ".", config: "packages/react/api-extractor.json" },
  { package: "@gh-artifacts/testing", entry: ".", config: "packages/testing/api-extractor.json" },
  { package: "@gh-artifacts/testing", entry: "./node", config: "packages/testing/api-extractor.node.json" },
  { package: "@gh-artifacts/vue", entry: ".", config: "packages/vue/api-extractor.json" },
].map((e) => ({ ...e, report: reportPathOf(e.config) }));

/** `packages/client/api-extractor.node.json` → `packages/client/etc/client-node.api.md` (no suffix: `client.api.md`). */
function reportPathOf(config) {
  const dir = path.posix.dirname(config);
  const entry = /^api-extractor\.(\w+)\.json$/.exec(path.posix.basename(config))?.[1];
  const name = `${path.posix.basename(dir)}${entry ? `-${entry}` : ""}.api.md`;
  return path.posix.join(dir, "etc", name);
}

const RANK = { none: 0, feature: 1, breaking: 2 };
/** The larger of the levels given ("none" for none). */
export const maxLevel = (levels) => levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "none");

const entryLabel = (e) => (e.entry === "." ? e.package : `${e.package}/${e.entry.slice(2)}`);

// ---------------------------------------------------------------------------------------------------------------
// Parsing a report

const DECLARATION =
  /^(export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(const|let|var|function|class|interface|type|enum|namespace|module)\s+([\w$]+)/;
const REEXPORT = /^export\s+(?:type\s+)?\{\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*\}/;

/**
 * The declarations of an `.api.md` report, by name. Comment lines (release tags, "(undocumented)", warnings) are
 * dropped: they are notes about the API, not the API.
 * @param {string} text
 * @returns {Map<string, { name: string, kind: string, exported: boolean, lines: string[] }>}
 */
export function parseReport(report) {
  const text = report.replaceAll("\r\n", "\n");
  const start = text.indexOf("```ts\n");
  const end = text.lastIndexOf("```");
  const body = start === -1 ? text : text.slice(start + 6, end > start ? end : undefined);
  const declarations = new Map();
  for (const block of body.split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((line) => line.trim() !== "" && !/^\s*\/\//.test(line));
    if (lines.length === 0 || lines.every((line) => line.startsWith("import "))) continue;
    const first = lines[0];
    const reexport = REEXPORT.exec(first);
    const match = DECLARATION.exec(first);
    const name = reexport ? (reexport[2] ?? reexport[1]) : match ? match[3] : first;
    const kind = reexport ? "re-export" : match ? match[2] : "declaration";
    const exported = reexport ? true : match ? Boolean(match[1]) : first.startsWith("export");
    // note: overloads come as one block per signature under the same name; they are one item.
    const seen = declarations.get(name);
    if (seen) seen.lines.push(...lines);
    else declarations.set(name, { name, kind, exported, lines });
  }
  return declarations;
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing two reports
//
// The comparison judges shapes, not text or order: members and union members are compared as sets; an alias whose
// text changed is resolved through the report's own declarations (`operations["x"]["responses"][200]`) before it is
// compared; and a changed type counts by the side of the API it sits on:
// - inputs, which consumers SUPPLY (function parameters, `…Params`/`…Options`/`…Init`/`…Policy` types, anything under
//   `parameters`, `requestBody` or `requestBodies` of the generated types): one that accepts more (a union member or
//   an enum value added, a member made optional) still takes what they pass: a feature;
// - outputs, which consumers READ (the rest of the generated `components`, `operations`, `paths`): one that may hold
//   more (a union member added) is breaking, their exhaustive checks miss the new case; a new member, even a
//   required one, is a feature;
// - exported constants (read, never supplied): a changed value or a new member is a feature;
// - anything else (a hand-written interface a consumer may implement, such as a cache store): judged both ways, so
//   only a new optional member is a feature.
// Anything narrowed or removed is breaking on every side (TypeScript rejects a comparison with a literal the union
// lost, and code reading a removed member).

const MEMBER_NAME =
  /^\s*(?:readonly\s+)?(?:(?:get|set|static|protected|abstract)\s+)*("(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\]|[\w$#]+)(\?)?/;
const indentOf = (line) => line.length - line.trimStart().length;
const squash = (text) => text.replace(/\s+/g, " ").trim();

/** Top-level names that consumers supply rather than read. */
const INPUT_NAME = /(Params|Options|Init|Policy|Request)$/;
/** Member names under which the generated types describe what a request sends. */
const INPUT_SECTIONS = new Set(["parameters", "requestBody", "requestBodies"]);
/** The declarations openapi-typescript generates: what a response holds, except their INPUT_SECTIONS. */
const GENERATED_ROOTS = new Set(["components", "operations", "paths", "webhooks", "$defs"]);

/** The members of an object type body whose members start at `indent` spaces. */
function parseMembers(lines, indent) {
  const members = new Map();
  let current;
  for (const line of lines) {
    const atLevel = indentOf(line) === indent && !/^[}\])]/.test(line.trimStart());
    if (atLevel || !current) {
      const match = MEMBER_NAME.exec(line);
      const name = match ? match[1] : line.trim();
      const seen = members.get(name);
      if (seen) seen.lines.push(line);
      else members.set(name, { name, optional: Boolean(match?.[2]), lines: [line] });
      current = members.get(name);
    } else {
      current.lines.push(line);
    }
  }
  return members;
}

/** An object-shaped item or member: a header line ending in `{` and a body closed at the header's indentation. */
function objectParts(lines) {
  if (lines.length < 2 || !lines[0].trimEnd().endsWith("{")) return undefined;
  const last = lines[lines.length - 1];
  if (!/^[}\]]/.test(last.trimStart()) || indentOf(last) !== indentOf(lines[0])) return undefined;
  return { header: lines[0], body: lines.slice(1, -1), closing: last, indent: indentOf(lines[0]) + 4 };
}

/** Splits a type at its top-level `sep` (`|` of a union, `,` of a list), outside brackets and strings. */
export function splitTop(text, sep = "|") {
  const parts = [];
  let depth = 0;
  let quote;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{<".includes(c)) depth++;
    else if (")]}".includes(c) || (c === ">" && text[i - 1] !== "=")) depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== "");
}

/** The type text of a one-line member (`name?: T;` → `T`), or undefined. */
function memberType(lines) {
  if (lines.length !== 1) return undefined;
  const match = MEMBER_NAME.exec(lines[0]);
  if (!match) return undefined;
  const rest = lines[0].slice(match[0].length).trim();
  if (!rest.startsWith(":")) return undefined;
  return squash(rest.slice(1).replace(/;\s*$/, ""));
}

/**
 * How a type changed, as a set of union members: "same" (reordered at most), "widened", "narrowed" or "changed".
 */
export function unionChange(before, after) {
  const a = new Set(splitTop(squash(before)).map(squash));
  const b = new Set(splitTop(squash(after)).map(squash));
  const aInB = [...a].every((m) => b.has(m));
  const bInA = [...b].every((m) => a.has(m));
  if (aInB && bInA) return "same";
  if (aInB) return "widened";
  if (bInA) return "narrowed";
  return "changed";
}

/** The level of a changed type on one side of the API. */
function typeChangeLevel(change, side) {
  if (change === "same") return "none";
  if (side === "const") return "feature";
  if (change === "widened" && side === "input") return "feature";
  return "breaking";
}

const sideOf = (side, name) => (side === "output" && INPUT_SECTIONS.has(name) ? "input" : side);

/** The side of a top-level declaration. */
function sideOfItem(kind, name) {
  if (kind === "class" || kind === "const") return kind;
  if (GENERATED_ROOTS.has(name)) return "output";
  return INPUT_NAME.test(name) ? "input" : "unknown";
}

/**
 * What changed inside an object-shaped item, member by member (see the rules above). `side`: "input", "output",
 * "unknown", "const" (an exported constant) or "class".
 */
function diffMembers(oldLines, newLines, where, side) {
  const before = objectParts(oldLines);
  const after = objectParts(newLines);
  // note: the closing line carries what follows the body, e.g. `} | null;` of a nullable object.
  if (
    !before ||
    !after ||
    squash(before.header) !== squash(after.header) ||
    before.closing.trim() !== after.closing.trim()
  ) {
    return [{ level: "breaking", what: `${where} changed` }];
  }
  const oldMembers = parseMembers(before.body, before.indent);
  const newMembers = parseMembers(after.body, after.indent);
  const found = [];
  for (const [name, member] of oldMembers) {
    const next = newMembers.get(name);
    const at = `${where}.${name}`;
    if (!next) {
      found.push({ level: "breaking", what: `${at} removed` });
      continue;
    }
    if (member.lines.map(squash).join("\n") === next.lines.map(squash).join("\n")) continue;
    const memberSide = sideOf(side, name.replace(/^"|"$/g, ""));
    if (member.optional !== next.optional) {
      // note: a newly required input must be supplied and a newly optional output checked; an input made optional
      // still takes what callers pass.
      const level = memberSide === "input" && next.optional ? "feature" : "breaking";
      found.push({ level, what: `${at} made ${next.optional ? "optional" : "required"}` });
      continue;
    }
    const [oldType, newType] = [memberType(member.lines), memberType(next.lines)];
    if (oldType !== undefined && newType !== undefined) {
      const change = unionChange(oldType, newType);
      const level = typeChangeLevel(change, memberSide);
      if (level !== "none") found.push({ level, what: `${at} ${change === "changed" ? "changed" : change}` });
      continue;
    }
    found.push(...diffMembers(member.lines, next.lines, at, memberSide));
  }
  for (const [name, member] of newMembers) {
    if (oldMembers.has(name)) continue;
    const memberSide = sideOf(side, name.replace(/^"|"$/g, ""));
    const readOnly = memberSide === "class" || memberSide === "const";
    const level = member.optional || readOnly || memberSide === "output" ? "feature" : "breaking";
    found.push({
      level,
      what: `${where}.${name} added${member.optional ? " (optional)" : readOnly ? "" : " (required)"}`,
    });
  }
  // note: the same members, in another order or layout: the shape did not change.
  return found;
}

/** The parameter list and what follows it of a one-line function declaration, or undefined for anything else. */
function signatureParts(lines) {
  if (lines.length !== 1) return undefined;
  const line = lines[0];
  const open = /^(?:declare\s+)?function\s+[\w$]+(?:<[^(]*>)?\(/.exec(line);
  if (!open) return undefined;
  const params = [];
  let depth = 0;
  let start = open[0].length;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if ("([{<".includes(c)) depth++;
    // note: the `>` of an arrow (`=>`) closes nothing.
    else if (")]}".includes(c) || (c === ">" && line[i - 1] !== "=")) {
      if (depth === 0 && c === ")") {
        if (line.slice(start, i).trim()) params.push(line.slice(start, i).trim());
        return { head: open[0], params, tail: line.slice(i) };
      }
      depth--;
    } else if (c === "," && depth === 0) {
      params.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  return undefined;
}

/**
 * A function's change when its parameters only accept more (optional ones added at the end, a parameter's union
 * widened) and its return type is the same: "feature"; undefined when it is anything else.
 */
function signatureChange(oldLines, newLines) {
  const before = signatureParts(oldLines);
  const after = signatureParts(newLines);
  if (!before || !after || before.head !== after.head || squash(before.tail) !== squash(after.tail)) return undefined;
  if (after.params.length < before.params.length) return undefined;
  const what = [];
  for (const [i, param] of before.params.entries()) {
    const next = after.params[i];
    if (squash(param) === squash(next)) continue;
    const [a, b] = [/^([\w$]+)(\??):(.*)$/s.exec(param), /^([\w$]+)(\??):(.*)$/s.exec(next)];
    if (!a || !b || a[1] !== b[1] || (a[2] && !b[2])) return undefined;
    const change = unionChange(a[3], b[3]);
    if (change !== "same" && change !== "widened") return undefined;
    what.push(`parameter ${a[1]} ${change === "same" ? "made optional" : "widened"}`);
  }
  const added = after.params.slice(before.params.length);
  if (!added.every((param) => /^[\w$]+\?\s*:/.test(param))) return undefined;
  if (added.length > 0) what.push("optional parameter added");
  return what.length > 0 ? what.join(", ") : "none";
}

/** `operations["x"]["responses"][200]` → the member text it names in the report's declarations, or undefined. */
function resolveAccess(text, items, depth = 0) {
  const match = /^([\w$]+)((?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])+)$/.exec(squash(text).replace(/;$/, ""));
  if (!match || depth > 8) return undefined;
  const item = items.get(match[1]);
  if (!item) return undefined;
  let lines = [item.lines[0].replace(/^export\s+/, ""), ...item.lines.slice(1)];
  for (const [, key] of match[2].matchAll(/\[("(?:[^"\\]|\\.)*"|\d+)\]/g)) {
    const parts = objectParts(lines);
    if (!parts) return undefined;
    const members = parseMembers(parts.body, parts.indent);
    const member = members.get(key) ?? members.get(key.replace(/^"([\w$]+)"$/, "$1")) ?? members.get(`"${key}"`);
    if (!member) return undefined;
    lines = member.lines;
  }
  const type = memberType(lines);
  if (type !== undefined) return resolveAccess(type, items, depth + 1) ?? type;
  // note: an object member: its body, without the member's name, is its shape.
  return [lines[0].replace(MEMBER_NAME, "").replace(/^\s*:\s*/, ""), ...lines.slice(1)].map(squash).join("\n");
}

/** The text an alias stands for: `export type A = X;` → X resolved through the report when it is an access path. */
function aliasShape(lines, items) {
  const text = lines.map(squash).join("\n");
  const match = /^(?:export\s+)?(?:declare\s+)?type\s+[\w$]+(?:<[^=]*>)?\s*=\s*([\s\S]*?);?$/.exec(text);
  if (!match) return undefined;
  return resolveAccess(match[1], items) ?? squash(match[1]);
}

/** What changed in one declaration present in both reports. */
function diffItem(name, item, next, oldItems, newItems) {
  const strip = (lines) => [lines[0].replace(/^export\s+/, ""), ...lines.slice(1)];
  const oldText = strip(item.lines);
  const newText = strip(next.lines);
  if (item.kind === "function") {
    const change = signatureChange(oldText, newText);
    if (change === "none") return [];
    if (change) return [{ level: "feature", what: change }];
    return [{ level: "breaking", what: `${name} changed` }];
  }
  if (item.kind === "type") {
    const [before, after] = [aliasShape(oldText, oldItems), aliasShape(newText, newItems)];
    if (before !== undefined && before === after) return [];
    const side = sideOfItem(item.kind, name);
    if (before !== undefined && after !== undefined && !before.includes("\n") && !after.includes("\n")) {
      const change = unionChange(before, after);
      const level = typeChangeLevel(change, side);
      return level === "none" ? [] : [{ level, what: `${name} ${change}` }];
    }
  }
  return diffMembers(oldText, newText, name, sideOfItem(item.kind, name));
}

/**
 * Classifies the difference between two reports of one entry point (see the rules above); a report text that
 * differs with no declaration's shape changed gives one "none" change.
 * @param {string | undefined} before the older report (undefined: none existed)
 * @param {string | undefined} after the newer report (undefined: the entry point is gone)
 * @param {{ package: string, entry: string }} entryPoint
 * @returns {Array<{ level: "breaking"|"feature"|"none", package: string, entry: string, message: string }>}
 */
export function classifyReports(before, after, entryPoint) {
  if ((before ?? "") === (after ?? "")) return [];
  const label = entryLabel(entryPoint);
  const change = (level, message) => ({ level, package: entryPoint.package, entry: entryPoint.entry, message });
  if (after === undefined) return [change("breaking", `${label}: entry point removed`)];
  const oldItems = parseReport(before ?? "");
  const newItems = parseReport(after);
  const changes = [];
  for (const [name, item] of oldItems) {
    const next = newItems.get(name);
    if (!next || (item.exported && !next.exported)) {
      if (item.exported) changes.push(change("breaking", `${label}: ${item.kind} ${name} removed`));
      continue;
    }
    if (item.lines.join("\n") !== next.lines.join("\n")) {
      const found = diffItem(name, item, next, oldItems, newItems);
      if (found.length > 0) {
        const level = maxLevel(found.map((f) => f.level));
        const details = found.map((f) => f.what).join(", ");
        changes.push(change(level, `${label}: ${item.kind} ${name} changed (${details})`));
      }
    }
    if (!item.exported && next.exported) changes.push(change("feature", `${label}: ${next.kind} ${name} now exported`));
  }
  for (const [name, item] of newItems) {
    if (!oldItems.has(name) && item.exported) changes.push(change("feature", `${label}: ${item.kind} ${name} added`));
  }
  if (changes.length === 0)
    changes.push(change("none", `${label}: report text changed, no declaration's shape changed`));
  return changes;
}

// ---------------------------------------------------------------------------------------------------------------
// Producing and reading reports

const readOr = (file) => readFile(file, "utf8").catch(() => undefined);

/**
 * Runs api-extractor (local mode, into a temporary folder) for each entry point from its built `.d.ts`.
 * @returns {Promise<Map<string, string>>} report path (relative to the root) → fresh report text
 */
export async function generateReports({ entryPoints = ENTRY_POINTS, cwd = root } = {}) {
  // note: loaded lazily so that comparing committed reports (`--base`) does not pay for the TypeScript it bundles.
  const require = createRequire(import.meta.url);
  const { Extractor, ExtractorConfig } = require("@microsoft/api-extractor");
  const dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-api-"));
  try {
    const reports = new Map();
    for (const [index, e] of entryPoints.entries()) {
      const configPath = path.join(cwd, e.config);
      const configObject = ExtractorConfig.loadFile(configPath);
      const projectFolder = configObject.projectFolder;
      const dts = configObject.mainEntryPointFilePath.replace("<projectFolder>", projectFolder);
      if (
        !(await access(dts).then(
          () => true,
          () => false,
        ))
      ) {
        throw new Error(`${path.relative(cwd, dts)} is missing: run \`pnpm build\` first.`);
      }
      const out = path.join(dir, String(index));
      configObject.apiReport = { ...configObject.apiReport, reportFolder: out, reportTempFolder: out };
      const config = ExtractorConfig.prepare({
        configObject,
        configObjectFullPath: configPath,
        packageJsonFullPath: path.join(projectFolder, "package.json"),
      });
      const problems = [];
      const result = Extractor.invoke(config, {
        localBuild: true,
        messageCallback: (message) => {
          if (message.logLevel === "error") problems.push(message.formatMessageWithLocation(cwd));
          message.handled = true;
        },
      });
      if (!result.succeeded || problems.length > 0) {
        throw new Error(`api-extractor failed for ${entryLabel(e)} (${e.config}):\n${problems.join("\n")}`);
      }
      reports.set(e.report, await readFile(path.join(out, path.basename(e.report)), "utf8"));
    }
    return reports;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The committed reports: from the working tree, or from a git ref (missing ones are undefined). */
export async function committedReports({ entryPoints = ENTRY_POINTS, cwd = root, ref } = {}) {
  const reports = new Map();
  if (ref !== undefined) {
    await promisify(execFile)("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd }).catch(() => {
      throw new Error(`cannot read the git ref ${ref} (in a shallow clone, fetch it first).`);
    });
  }
  for (const e of entryPoints) {
    if (ref === undefined) {
      reports.set(e.report, await readOr(path.join(cwd, e.report)));
      continue;
    }
    const text = await promisify(execFile)("git", ["show", `${ref}:${e.report}`], { cwd, maxBuffer: 64 << 20 }).then(
      (r) => r.stdout,
      () => undefined,
    );
    reports.set(e.report, text);
  }
  return reports;
}

/** Classifies every entry point's difference between two sets of reports. */
export function compareReports(before, after, { entryPoints = ENTRY_POINTS } = {}) {
  const changes = entryPoints.flatMap((e) => classifyReports(before.get(e.report), after.get(e.report), e));
  return { level: maxLevel(changes.map((c) => c.level)), changes };
}

/** Compares fresh reports (from the built dist/*.d.ts) with the committed ones.
 * @returns {Promise<{ level: "breaking"|"feature"|"none", changes: Array<{ level, package, message }> }>} */
export async function apiChanges({ base, entryPoints = ENTRY_POINTS, cwd = root } = {}) {
  const committed = await committedReports({ entryPoints, cwd });
  if (base === undefined)
    return compareReports(committed, await generateReports({ entryPoints, cwd }), { entryPoints });
  const atBase = await committedReports({ entryPoints, cwd, ref: base });
  // note: before the reports existed there is nothing to compare with; that is not a new API.
  if ([...atBase.values()].every((text) => text === undefined)) {
    return { level: "none", changes: [] };
  }
  return compareReports(atBase, committed, { entryPoints });
}
