// The changelog lines `changeset version` writes (configured in .changeset/config.json).
// note: @changesets/changelog-github asks GitHub's API for each changeset's pull request and author, and throws
// without GITHUB_TOKEN; so it runs only when a token is set (the release workflow), and any other run (a fresh
// clone, offline) gets changesets' plain lines (summary and commit hash) instead of failing.
"use strict";

/** The changelog module `changeset version` uses with the environment `env`. */
function changelogModuleFor(env = process.env) {
  return env.GITHUB_TOKEN ? "@changesets/changelog-github" : "@changesets/cli/changelog";
}

async function load() {
  const { default: functions } = await import(changelogModuleFor());
  return functions;
}

module.exports = {
  changelogModuleFor,
  getReleaseLine: async (changeset, type, options) => (await load()).getReleaseLine(changeset, type, options),
  getDependencyReleaseLine: async (changesets, dependencies, options) =>
    (await load()).getDependencyReleaseLine(changesets, dependencies, options),
};
