import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

/** One path of a folder tree as `snapshotTree` records it. */
export interface TreeNode {
  type: "file" | "folder" | "symlink" | "other";
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  /** A file's bytes, one character per byte (latin1), so a difference shows in a diff. */
  bytes?: string;
  /** A symbolic link's target, as stored (never followed). */
  target?: string;
}

/**
 * Every path under `root` (and `root` itself, as `.`), by relative path: its type, permission bits, a file's bytes and
 * a link's target. Two snapshots are equal when the tree is byte for byte the same (times are left out: renames touch
 * a folder's).
 */
export async function snapshotTree(root: string): Promise<Record<string, TreeNode>> {
  const tree: Record<string, TreeNode> = {};
  const visit = async (path: string, rel: string) => {
    const stats = await lstat(path);
    const mode = stats.mode & 0o7777;
    if (stats.isSymbolicLink()) tree[rel] = { type: "symlink", mode, target: await readlink(path) };
    else if (stats.isFile()) tree[rel] = { type: "file", mode, bytes: (await readFile(path)).toString("latin1") };
    else if (stats.isDirectory()) {
      tree[rel] = { type: "folder", mode };
      for (const name of (await readdir(path)).sort()) {
        await visit(join(path, name), rel === "." ? name : `${rel}/${name}`);
      }
    } else tree[rel] = { type: "other", mode };
  };
  await visit(root, ".");
  return tree;
}
