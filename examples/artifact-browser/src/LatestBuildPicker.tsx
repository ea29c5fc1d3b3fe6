import { type FormEvent, type ReactNode, useState } from "react";
import type { Query } from "./ArtifactTable.js";
import { ErrorMessage } from "./errors.js";
import { type BuildSelector, type BuildStatus, LatestBuild } from "./LatestBuild.js";
import { startAction } from "./lastAction.js";
import { pickerChoices } from "./pickerChoices.js";
import { RECENT_RUNS, useRecentRuns } from "./useRecentRuns.js";

const STATUSES: readonly [BuildStatus, string][] = [
  ["success", "Success"],
  ["failure", "Failure"],
  ["cancelled", "Cancelled"],
  ["any", "Any result"],
];

/**
 * The artifact filter as the user typed it: with `*` or `?` a glob (GitHub refuses both in an artifact's name, so a
 * name never has them), else an exact name; empty for every artifact of the build.
 */
function artifactFilter(text: string): Pick<BuildSelector, "name" | "pattern"> {
  if (text === "") return {};
  return /[*?]/u.test(text) ? { pattern: text } : { name: text };
}

/**
 * "Give me the latest successful ci.yml build on main": a workflow (from the newest runs of the repository), a branch,
 * a result (success by default) and optionally an artifact name or glob; below it, that build and its artifacts,
 * each with a Download. What to pick from is read from the run listing through the proxy; the choice is the client's
 * (`findArtifacts`, through `useSelectedArtifacts`).
 */
export function LatestBuildPicker({ query }: { query: Query }) {
  const { owner, repo } = query;
  const runs = useRecentRuns(owner, repo);
  const [picked, setPicked] = useState<BuildSelector | null>(null);
  const repoName = `${owner}/${repo}`;

  let body: ReactNode;
  if (runs.isPending) {
    body = (
      <p className="hint" role="status">
        Reading the newest workflow runs of {repoName}…
      </p>
    );
  } else if (!runs.data) {
    body = <ErrorMessage error={runs.error} />;
  } else {
    const { workflows, branches } = pickerChoices(runs.data.workflow_runs);
    const defaults: BuildSelector = {
      // note: ci.yml when there is one, as it is the build most people mean; else the first by name.
      workflow: workflows.includes("ci.yml") ? "ci.yml" : (workflows[0] ?? ""),
      branch: branches[0],
      status: "success",
    };
    const selector = picked ?? defaults;
    const submit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      startAction();
      const data = new FormData(event.currentTarget);
      const text = (key: string) => String(data.get(key) ?? "").trim();
      setPicked({
        workflow: text("workflow"),
        branch: text("branch") || undefined,
        status: text("status") as BuildStatus,
        ...artifactFilter(text("artifact")),
      });
    };
    body =
      workflows.length === 0 ? (
        <p className="message" role="status">
          No workflow runs in {repoName}: no build to pick.
        </p>
      ) : (
        <>
          <form className="search picker" onSubmit={submit} aria-label="Pick a build">
            <label>
              <span>Workflow</span>
              <select name="workflow" defaultValue={defaults.workflow}>
                {workflows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>
                Branch <span className="hint">(empty: any)</span>
              </span>
              <input name="branch" list="build-branches" defaultValue={defaults.branch ?? ""} autoComplete="off" />
              <datalist id="build-branches">
                {branches.map((b) => (
                  <option key={b} value={b} />
                ))}
              </datalist>
            </label>
            <label>
              <span>Result</span>
              <select name="status" defaultValue={defaults.status}>
                {STATUSES.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>
                Artifact <span className="hint">(optional)</span>
              </span>
              <input name="artifact" autoComplete="off" placeholder="name, or a glob: dist-*" />
            </label>
            <button type="submit" className="primary">
              Show build
            </button>
          </form>
          <p className="hint">
            Workflows and branches of the newest {RECENT_RUNS} runs; a branch not listed can be typed. An artifact name
            with <code>*</code> or <code>?</code> is a glob.
          </p>
          <LatestBuild key={JSON.stringify(selector)} query={query} selector={selector} />
        </>
      );
  }

  return (
    <section className="latest-build" aria-labelledby="build-heading">
      <h2 id="build-heading">Latest build of {repoName}</h2>
      {body}
    </section>
  );
}
