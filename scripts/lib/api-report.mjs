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
  { package: "@gh-artifacts/react", entry: ".", config: "packages/react/api-extractor.json" },
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

const MEMBER_NAME =
  /^\s*(?:readonly\s+)?(?:(?:get|set|static|protected|abstract)\s+)*("(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\]|[\w$#]+)(\?)?/;
const indentOf = (line) => line.length - line.trimStart().length;

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

/**
 * What changed inside an object-shaped item, member by member: a removed or changed member is breaking, an added one
 * is a feature when consumers cannot be made to supply it (an optional member, or any member of a class).
 */
function diffMembers(oldLines, newLines, where, inClass) {
  const before = objectParts(oldLines);
  const after = objectParts(newLines);
  // note: the closing line carries what follows the body, e.g. `} | null;` of a nullable object.
  if (!before || !after || before.header.trim() !== after.header.trim() || before.closing !== after.closing) {
    return [{ level: "breaking", what: `${where} changed` }];
  }
  const oldMembers = parseMembers(before.body, before.indent);
  const newMembers = parseMembers(after.body, after.indent);
  const found = [];
  for (const [name, member] of oldMembers) {
    if (!newMembers.has(name)) found.push({ level: "breaking", what: `${where}.${name} removed` });
    else if (member.lines.join("\n") !== newMembers.get(name).lines.join("\n")) {
      const next = newMembers.get(name);
      if (member.optional !== next.optional) {
        // note: either way consumers break: a newly required member must be supplied, a newly optional one checked.
        found.push({ level: "breaking", what: `${where}.${name} made ${next.optional ? "optional" : "required"}` });
      } else {
        found.push(...diffMembers(member.lines, next.lines, `${where}.${name}`, inClass));
      }
    }
  }
  for (const [name, member] of newMembers) {
    if (oldMembers.has(name)) continue;
    const level = member.optional || inClass ? "feature" : "breaking";
    found.push({
      level,
      what: `${where}.${name} added${member.optional ? " (optional)" : inClass ? "" : " (required)"}`,
    });
  }
  // note: a body that differs only in layout still changed; nothing says it is harmless.
  return found.length > 0 ? found : [{ level: "breaking", what: `${where} changed` }];
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
 * Whether a function only gained optional parameters at the end: callers written for the old one still compile.
 */
function onlyOptionalParamsAdded(oldLines, newLines) {
  const before = signatureParts(oldLines);
  const after = signatureParts(newLines);
  if (!before || !after || before.head !== after.head || before.tail !== after.tail) return false;
  if (after.params.length <= before.params.length) return false;
  if (before.params.some((param, i) => param !== after.params[i])) return false;
  return after.params.slice(before.params.length).every((param) => /^[\w$]+\?\s*:/.test(param));
}

/**
 * Classifies the difference between two reports of one entry point: a removed or changed declaration is breaking, an
 * added one a feature; a report text that differs with no declaration changed gives one "none" change.
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
    const strip = (lines) => [lines[0].replace(/^export\s+/, ""), ...lines.slice(1)];
    const oldText = strip(item.lines);
    const newText = strip(next.lines);
    if (oldText.join("\n") !== newText.join("\n")) {
      // note: consumers read a class's or a constant's members and never supply them, so an added one breaks nothing.
      const found =
        item.kind === "function" && onlyOptionalParamsAdded(oldText, newText)
          ? [{ level: "feature", what: "optional parameter added" }]
          : diffMembers(oldText, newText, name, item.kind === "class" || item.kind === "const");
      const level = maxLevel(found.map((f) => f.level));
      const details = found.map((f) => f.what).join(", ");
      changes.push(change(level, `${label}: ${item.kind} ${name} changed (${details})`));
    }
    if (!item.exported && next.exported) changes.push(change("feature", `${label}: ${next.kind} ${name} now exported`));
  }
  for (const [name, item] of newItems) {
    if (!oldItems.has(name) && item.exported) changes.push(change("feature", `${label}: ${item.kind} ${name} added`));
  }
  if (changes.length === 0) changes.push(change("none", `${label}: report text changed, no declaration changed`));
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
