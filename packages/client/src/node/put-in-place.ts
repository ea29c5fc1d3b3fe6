import type { Stats } from "node:fs";
import { lstat, mkdir, mkdtemp, rename, rm, rmdir } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import yauzl from "yauzl";
import { UnsafeArchiveEntryError } from "../errors.js";

/** One thing to put under the target folder: a folder (no `temp`), or a file staged at `temp`. */
export interface Move {
  /** The entry's name as the archive (or the download) gave it, for errors. */
  name: string;
  /** Where it goes: an absolute path inside the target folder. */
  place: string;
  /** The staged file; `undefined` for a folder. */
  temp?: string | undefined;
}

/** Where `fileName` lands under `root`, or the reason it may not be written. */
export function placeOf(root: string, fileName: string): string {
  if (fileName.includes("\0")) throw new UnsafeArchiveEntryError(fileName, "contains a NUL character");
  const problem = yauzl.validateFileName(fileName);
  if (problem) throw new UnsafeArchiveEntryError(fileName, problem.split(":")[0] ?? problem);
  const place = resolve(root, fileName);
  const rel = relative(root, place);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
    throw new UnsafeArchiveEntryError(fileName, "escapes the target folder");
  }
  return place;
}

export const lstatOrNone = (path: string): Promise<Stats | undefined> =>
  lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });

/** The folders between `root` (excluded) and `path` (included), outermost first. */
function foldersUpTo(root: string, path: string): string[] {
  const folders: string[] = [];
  let current = root;
  for (const part of relative(root, path).split(sep)) {
    if (part === "") continue;
    current = join(current, part);
    folders.push(current);
  }
  return folders;
}

/**
 * Refuses moves that clash with one another: the same file twice, or one path that is a file for one entry and a
 * folder for another (`a` and `a/b`, `a` and `a/`). Returns each folder needed, outermost first, with the first
 * entry that needs it.
 * note: names that differ only in case are not a clash: they are distinct files on Linux (the kernel's own tree holds
 * such pairs). On a case-insensitive file system the later one replaces the earlier; an undo still restores all.
 */
function checkClashes(root: string, moves: readonly Move[]): Map<string, string> {
  const files = new Map<string, string>();
  const folders = new Map<string, string>();
  for (const { name, place, temp } of moves) {
    const parents = foldersUpTo(root, temp === undefined ? place : dirname(place));
    for (const folder of parents) {
      const file = files.get(folder);
      if (file !== undefined) throw new UnsafeArchiveEntryError(name, `needs a folder where entry ${file} is a file`);
      if (!folders.has(folder)) folders.set(folder, name);
    }
    if (temp === undefined) continue;
    if (files.has(place)) throw new UnsafeArchiveEntryError(name, "is in the archive twice");
    const folder = folders.get(place);
    if (folder !== undefined) throw new UnsafeArchiveEntryError(name, `is a file where entry ${folder} needs a folder`);
    files.set(place, name);
  }
  return folders;
}

/**
 * Checks every move against what is in the target folder, changing nothing: refuses a folder that passes through a
 * symbolic link or meets a file, a file that meets a folder, or one that would replace `keep` (the archive being
 * extracted). Returns the folders to create, outermost first.
 */
async function plan(root: string, moves: readonly Move[], keep: Stats | undefined): Promise<string[]> {
  const missing = new Set<string>();
  for (const [folder, name] of checkClashes(root, moves)) {
    // note: under a folder that is not there yet, nothing is in the way.
    if (missing.has(dirname(folder))) {
      missing.add(folder);
      continue;
    }
    const found = await lstatOrNone(folder);
    if (found?.isSymbolicLink()) throw new UnsafeArchiveEntryError(name, "passes through a symbolic link");
    if (found && !found.isDirectory()) throw new UnsafeArchiveEntryError(name, "a file is in the way");
    if (!found) missing.add(folder);
  }
  for (const { name, place, temp } of moves) {
    if (temp === undefined || missing.has(dirname(place))) continue;
    const found = await lstatOrNone(place);
    if (found?.isDirectory()) throw new UnsafeArchiveEntryError(name, "a folder is in the way");
    if (found && keep && found.ino === keep.ino && found.dev === keep.dev) {
      throw new UnsafeArchiveEntryError(name, "would replace the archive being extracted");
    }
  }
  return [...missing];
}

/** Options of `putInPlace`. */
export interface PutInPlaceOptions {
  /** A file no move may replace (the archive being extracted). */
  keep?: Stats | undefined;
  /** Stops between moves; what was done is undone. */
  signal?: AbortSignal | undefined;
}

/**
 * Puts staged files and folders in place under `root`, all or nothing. Every check that can refuse runs first, before
 * anything in `root` changes. Then each file already at a place is moved aside into `staging` and the staged one
 * renamed in (atomic, never writing through a symbolic link); if any step still fails (a permission, a full disk, a
 * change made meanwhile), every replaced file is moved back and every created file and folder removed, so `root` is
 * as it was. Resolves to `undefined` when done, else to the error and whether all was undone (a backup that could
 * not be put back is still in `staging`).
 */
async function commit(
  root: string,
  staging: string,
  moves: readonly Move[],
  options: PutInPlaceOptions,
): Promise<{ error: unknown; undone: boolean } | undefined> {
  const { signal } = options;
  const folders = await plan(root, moves, options.keep);
  const undo: Array<() => Promise<unknown>> = [];
  try {
    for (const folder of folders) {
      await mkdir(folder);
      undo.push(() => rmdir(folder));
    }
    let backups = 0;
    for (const { name, place, temp } of moves) {
      signal?.throwIfAborted();
      if (temp === undefined) continue;
      const found = await lstatOrNone(place);
      // note: the plan saw no folder here; one made since is not ours to move.
      if (found?.isDirectory()) throw new UnsafeArchiveEntryError(name, "a folder is in the way");
      if (found) {
        const backup = join(staging, `backup-${backups++}`);
        await rename(place, backup);
        undo.push(() => rename(backup, place));
      }
      // note: rename replaces a symbolic link at `place` itself, never the file it points to.
      await rename(temp, place);
      if (!found) undo.push(() => rm(place));
    }
  } catch (error) {
    let undone = true;
    for (const step of undo.reverse()) {
      await step().catch(() => {
        undone = false;
      });
    }
    return { error, undone };
  }
  return undefined;
}

/**
 * Stages entries into a fresh folder inside `targetDir` (created if missing), with `stage`, then puts them in place
 * all or nothing (see `commit`). On failure, what this created is removed, a `targetDir` it created included; the
 * staging folder is removed whatever happens, unless it holds a backup that could not be put back.
 */
export async function putInPlace(
  targetDir: string,
  stage: (staging: string, root: string) => Promise<readonly Move[]>,
  options: PutInPlaceOptions = {},
): Promise<void> {
  const root = resolve(targetDir);
  let madeRoot: string | undefined;
  let staging: string | undefined;
  let keepStaging = false;
  try {
    madeRoot = await mkdir(root, { recursive: true });
    staging = await mkdtemp(join(root, ".gh-artifacts-"));
    const failed = await commit(root, staging, await stage(staging, root), options);
    if (failed) {
      keepStaging = !failed.undone;
      throw failed.error;
    }
  } catch (error) {
    // note: nothing was in a folder this call made, so nothing of the caller's can be lost with it.
    if (madeRoot !== undefined) await rm(madeRoot, { recursive: true, force: true });
    throw error;
  } finally {
    if (staging !== undefined && !keepStaging) await rm(staging, { recursive: true, force: true });
  }
}
