import { type FormEvent, type MouseEvent, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { ArtifactTable, type Query } from "./ArtifactTable.js";
import type { CleanupPrefill } from "./CleanupPanel.js";
import type { AppConfig } from "./config.js";
import { LatestArtifact } from "./LatestArtifact.js";
import { LatestBuildPicker } from "./LatestBuildPicker.js";
import { startAction } from "./lastAction.js";
import { StorageView } from "./StorageView.js";

/** The views of a repository: its artifacts (table, Latest card, cleanup), where its storage goes, its latest build. */
type View = "artifacts" | "storage" | "build";
const VIEWS: readonly View[] = ["artifacts", "storage", "build"];

function readQuery(): Query | null {
  const params = new URLSearchParams(window.location.search);
  const owner = params.get("owner")?.trim();
  const repo = params.get("repo")?.trim();
  if (!owner || !repo) return null;
  const run = Number(params.get("run"));
  return {
    owner,
    repo,
    runId: Number.isInteger(run) && run > 0 ? run : undefined,
    name: params.get("name") || undefined,
  };
}

function readView(): View {
  const view = new URLSearchParams(window.location.search).get("view");
  return VIEWS.find((v) => v === view) ?? "artifacts";
}

/** The page's address for a query and a view (the artifacts view is the default, left out). */
function queryHref(query: Query, view: View): string {
  const params = new URLSearchParams({ owner: query.owner, repo: query.repo });
  if (query.runId) params.set("run", String(query.runId));
  if (query.name) params.set("name", query.name);
  if (view !== "artifacts") params.set("view", view);
  return `?${params}`;
}

export function App({ config }: { config: AppConfig }) {
  const [query, setQuery] = useState<Query | null>(readQuery);
  const [view, setView] = useState<View>(readView);
  const [owner, setOwner] = useState(query?.owner ?? "octo-org");
  const [cleanup, setCleanup] = useState<CleanupPrefill | undefined>();
  const form = useRef<HTMLFormElement>(null);

  function show(next: Query, nextView: View) {
    window.history.replaceState(null, "", queryHref(next, nextView));
    setQuery(next);
    setView(nextView);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startAction();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? "").trim();
    const run = Number(text("run"));
    setCleanup(undefined);
    show(
      {
        owner: text("owner"),
        repo: text("repo"),
        runId: text("run") && Number.isInteger(run) && run > 0 ? run : undefined,
        name: text("name") || undefined,
      },
      view,
    );
  }

  /** A demo scenario: its owner in the field, then the form sent, so the list shown is the scenario's. */
  function tryScenario(scenarioOwner: string) {
    // note: committed first, so the form reads the new owner (a controlled input's DOM value follows the render).
    flushSync(() => setOwner(scenarioOwner));
    form.current?.requestSubmit();
  }

  function switchView(event: MouseEvent<HTMLAnchorElement>, next: View) {
    if (!query || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    startAction();
    setCleanup(undefined);
    show(query, next);
  }

  function cleanUp(filter: CleanupPrefill) {
    if (!query) return;
    startAction();
    setCleanup(filter);
    show(query, "artifacts");
  }

  return (
    <>
      <header className="top">
        <h1>Artifact browser</h1>
        <p className="mode">
          {config.mode === "mock"
            ? "Local mock of GitHub, through this server's API handler"
            : config.mode === "live"
              ? `Live: ${config.upstream ?? "api.github.com"}, through this server (it holds the token)`
              : "api.github.com (anonymous)"}
        </p>
      </header>
      <main>
        <form ref={form} className="search" onSubmit={submit} aria-label="Repository">
          <label>
            <span>Owner</span>
            <input name="owner" required value={owner} onChange={(e) => setOwner(e.target.value)} autoComplete="off" />
          </label>
          <label>
            <span>Repository</span>
            <input name="repo" required defaultValue={query?.repo ?? "octo-docs"} autoComplete="off" />
          </label>
          <label>
            <span>
              Run id <span className="hint">(optional)</span>
            </span>
            <input
              name="run"
              inputMode="numeric"
              pattern="[0-9]*"
              defaultValue={query?.runId ?? ""}
              placeholder="workflow run"
            />
          </label>
          <label>
            <span>
              Name <span className="hint">(optional)</span>
            </span>
            <input name="name" defaultValue={query?.name ?? ""} autoComplete="off" placeholder="exact artifact name" />
          </label>
          <button type="submit" className="primary">
            Show artifacts
          </button>
        </form>
        {config.scenarios && (
          <details className="scenarios">
            <summary>Demo scenarios</summary>
            <p>Pick one to load it (its owner goes in the owner field) and see an error state:</p>
            <ul>
              {config.scenarios.map((s) => (
                <li key={s.owner}>
                  <button type="button" className="link" onClick={() => tryScenario(s.owner)}>
                    {s.owner}
                  </button>{" "}
                  {s.description}
                </li>
              ))}
            </ul>
          </details>
        )}
        {query ? (
          <>
            <nav className="views" aria-label="Views">
              {(
                [
                  ["artifacts", "Artifacts"],
                  ["storage", "Storage"],
                  ["build", "Latest build"],
                ] as const
              ).map(([id, label]) => (
                <a
                  key={id}
                  href={queryHref(query, id)}
                  aria-current={view === id ? "page" : undefined}
                  onClick={(event) => switchView(event, id)}
                >
                  {label}
                </a>
              ))}
            </nav>
            {/* note: hidden, not unmounted, while the Storage view shows: a download or cleanup run goes on. */}
            <div hidden={view !== "artifacts"}>
              {/* note: keys of their own: siblings sharing a key are not told apart, and old cards stayed behind. */}
              {query.name && <LatestArtifact key={`latest ${JSON.stringify(query)}`} query={query} name={query.name} />}
              <ArtifactTable
                key={`table ${JSON.stringify(query)}`}
                query={query}
                deletes={config.deletes ?? true}
                cleanup={cleanup}
              />
            </div>
            {view === "storage" && (
              <StorageView
                key={JSON.stringify([query.owner, query.repo])}
                owner={query.owner}
                repo={query.repo}
                onCleanUp={cleanUp}
              />
            )}
            {view === "build" && <LatestBuildPicker key={JSON.stringify([query.owner, query.repo])} query={query} />}
          </>
        ) : (
          <p className="message">Choose a repository to list its workflow artifacts.</p>
        )}
      </main>
    </>
  );
}
