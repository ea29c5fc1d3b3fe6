import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../errors.js";
import { type ArtifactScanState, checkScanState } from "../scan-state.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * The scan state kept in `path` by `writeScanState`, checked field by field; `undefined` when there is no such file.
 * A file that is not JSON or not a state is an `InvalidInputError` naming `state`.
 */
export async function readScanState(path: string): Promise<ArtifactScanState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError("state", `${path} is not JSON`);
  }
  return checkScanState(value);
}

/** Writes a scan's `state` to `path` as JSON, whole or not at all, readable by its owner only. */
export async function writeScanState(path: string, state: ArtifactScanState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(checkScanState(state))}\n`);
}
