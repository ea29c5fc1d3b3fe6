// note: the one snapshotTree lives in the private test-utils package (the CLI's tests use it too); this keeps the
// client's older relative imports working.
export { snapshotTree, type TreeNode } from "@gh-artifacts/test-utils/snapshot-tree";
