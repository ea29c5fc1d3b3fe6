import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * Every path under `root` (`root` itself as `.`) with its type, permission bits, a file's bytes (one character per
 * byte) and a link's target: two snapshots are equal when the tree is byte for byte the same.
 * note: the client's tests have the same helper; packages do not import each other's tests.
 */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  const visit = async (path: string, rel: string) => {
    const stats = await lstat(path);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isSymbolicLink()) tree[rel] = `symlink ${mode} -> ${await readlink(path)}`;
    else if (stats.isFile()) tree[rel] = `file ${mode} ${(await readFile(path)).toString("latin1")}`;
    else if (stats.isDirectory()) {
      tree[rel] = `folder ${mode}`;
      for (const name of (await readdir(path)).sort()) {
        await visit(join(path, name), rel === "." ? name : `${rel}/${name}`);
      }
    } else tree[rel] = `other ${mode}`;
  };
  await visit(root, ".");
  return tree;
}
