import { type FormEvent, useState } from "react";
import { ArtifactTable, type Query } from "./ArtifactTable.js";
import type { AppConfig } from "./config.js";
import { LatestArtifact } from "./LatestArtifact.js";

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

function writeQuery(query: Query) {
  const params = new URLSearchParams({ owner: query.owner, repo: query.repo });
  if (query.runId) params.set("run", String(query.runId));
  if (query.name) params.set("name", query.name);
  window.history.replaceState(null, "", `?${params}`);
}

export function App({ config }: { config: AppConfig }) {
  const [query, setQuery] = useState<Query | null>(readQuery);
  const [owner, setOwner] = useState(query?.owner ?? "octo-org");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    const run = Number(text("run"));
    const next: Query = {
      owner: text("owner"),
      repo: text("repo"),
      runId: text("run") && Number.isInteger(run) && run > 0 ? run : undefined,
      name: text("name") || undefined,
    };
    writeQuery(next);
    setQuery(next);
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
        <form className="search" onSubmit={submit} aria-label="Repository">
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
            <p>Put one of these in the owner field to see an error state:</p>
            <ul>
              {config.scenarios.map((s) => (
                <li key={s.owner}>
                  <button type="button" className="link" onClick={() => setOwner(s.owner)}>
                    {s.owner}
                  </button>{" "}
                  {s.description}
                </li>
              ))}
            </ul>
          </details>
        )}
        {query?.name && <LatestArtifact key={JSON.stringify(query)} query={query} name={query.name} />}
        {query ? (
          <ArtifactTable key={JSON.stringify(query)} query={query} deletes={config.deletes ?? true} />
        ) : (
          <p className="message">Choose a repository to list its workflow artifacts.</p>
        )}
      </main>
    </>
  );
}
