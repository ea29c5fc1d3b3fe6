// The tarballs the global setup packed once (test/global-setup.mjs), for a test file to install from.
import path from "node:path";
import { inject } from "vitest";

/**
 * The absolute paths of the packed tarballs of `names` (package names without the scope, e.g. "client"), one each;
 * throws when one is missing or ambiguous, so a file never installs fewer packages than it names.
 */
export function packedTarballs(names) {
  const { dir, files } = inject("packs");
  return names.map((name) => {
    const matches = files.filter((file) =>
      new RegExp(`^gh-artifacts-${name}-\\d+\\.\\d+\\.\\d+[\\w.-]*\\.tgz$`).test(file),
    );
    if (matches.length !== 1)
      throw new Error(`expected one tarball of @gh-artifacts/${name} in ${dir}, got ${matches.length}`);
    return path.join(dir, matches[0]);
  });
}
