import {
  type Artifact,
  type ArtifactCleanupOutcome,
  type ArtifactCleanupPlan,
  type ArtifactCleanupPolicy,
  type ArtifactCleanupResult,
  InvalidInputError,
  parseDuration,
  planArtifactCleanup,
  runArtifactCleanup,
} from "@gh-artifacts/client";
import { artifactKeys, shouldRetryArtifactsError, useArtifactsClient } from "@gh-artifacts/react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { CleanupConfirmDialog } from "./CleanupConfirmDialog.js";
import { CleanupPreview } from "./CleanupPreview.js";
import { CleanupResults, resultSummary } from "./CleanupResults.js";
import { ErrorMessage } from "./errors.js";
import { startAction } from "./lastAction.js";

/** What the form holds, as typed. */
interface Settings {
  keepLatest: string;
  olderThan: string;
  name: string;
  branch: string;
  includeExpired: boolean;
  pace: string;
}

type Step =
  | { kind: "form" }
  | { kind: "loading" }
  | { kind: "error"; error: unknown }
  | { kind: "preview"; plan: ArtifactCleanupPlan; listed: number; paceMs: number }
  | {
      kind: "running";
      plan: ArtifactCleanupPlan;
      listed: number;
      outcomes: ArtifactCleanupOutcome[];
      current?: Artifact;
    }
  | {
      kind: "done";
      plan: ArtifactCleanupPlan;
      listed: number;
      outcomes: ArtifactCleanupOutcome[];
      result: ArtifactCleanupResult;
    };

/** Filters to fill the form with (the Storage view's "Clean up…"); each new object fills it again. */
export interface CleanupPrefill {
  name?: string | undefined;
  branch?: string | undefined;
}

/** How the summary of a finished run starts: whether it went to the end, and if not, why. */
const ENDING = { aborted: "Stopped. ", "rate-limit": "Stopped at a rate limit. " } as const;

/** The longest pause the form takes between two deletes, in seconds. */
const MAX_PACE_S = 60;

/** The policy and pace the form describes; a bad field throws `InvalidInputError` naming it as the form does. */
function readSettings(settings: Settings): { policy: ArtifactCleanupPolicy; paceMs: number } {
  const keepLatest = Number(settings.keepLatest);
  if (settings.keepLatest.trim() === "" || !Number.isSafeInteger(keepLatest) || keepLatest < 0) {
    throw new InvalidInputError("keep the newest", "must be a whole number ≥ 0");
  }
  const pace = Number(settings.pace);
  if (settings.pace.trim() === "" || !Number.isFinite(pace) || pace < 0 || pace > MAX_PACE_S) {
    throw new InvalidInputError("pause between deletes", `must be a number of seconds from 0 to ${MAX_PACE_S}`);
  }
  return {
    policy: {
      keepLatest,
      olderThanMs: parseDuration(settings.olderThan, "older than"),
      name: settings.name.trim() || undefined,
      branch: settings.branch.trim() || undefined,
      includeExpired: settings.includeExpired,
    },
    paceMs: Math.round(pace * 1000),
  };
}

/**
 * Retention cleanup of a whole repository with `planArtifactCleanup`: a policy form, a preview of the plan (per name
 * and branch, with totals) built from every artifact of the repository (not just the loaded pages), a confirmation,
 * then the run, one delete at a time with a pause, and what became of each artifact.
 */
export function CleanupPanel({
  owner,
  repo,
  defaultName,
  prefill,
  deletes,
}: {
  owner: string;
  repo: string;
  defaultName?: string | undefined;
  /** Name and branch to fill in, replacing what the form holds, and to focus the panel; default: none. */
  prefill?: CleanupPrefill | undefined;
  /** Whether the server lets this page delete (otherwise the plan can be previewed, not run). */
  deletes: boolean;
}) {
  const client = useArtifactsClient();
  const queryClient = useQueryClient();
  const [settings, setSettings] = useState<Settings>({
    keepLatest: "1",
    olderThan: "7d",
    name: prefill ? (prefill.name ?? "") : (defaultName ?? ""),
    branch: prefill?.branch ?? "",
    includeExpired: false,
    pace: "1",
  });
  const [invalid, setInvalid] = useState<InvalidInputError | null>(null);
  const [step, setStep] = useState<Step>({ kind: "form" });
  const [confirming, setConfirming] = useState(false);
  const running = useRef<AbortController | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const repoName = `${owner}/${repo}`;

  // note: a prefill replaces the filters (not the rest of the policy) and asks for a new preview; a run in progress
  // keeps its settings. Focus goes to the panel, which the caller has just shown.
  const [filled, setFilled] = useState(prefill);
  if (prefill !== filled) {
    setFilled(prefill);
    if (prefill && step.kind !== "running") {
      setSettings((previous) => ({ ...previous, name: prefill.name ?? "", branch: prefill.branch ?? "" }));
      setInvalid(null);
      setStep({ kind: "form" });
    }
  }
  useEffect(() => {
    if (!prefill) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: "start" });
  }, [prefill]);

  // note: leaving the page (or another repository) stops the run before its next delete.
  useEffect(() => () => running.current?.abort(), []);

  function change<K extends keyof Settings>(key: K, value: Settings[K]) {
    setSettings((previous) => ({ ...previous, [key]: value }));
    setInvalid(null);
    // note: a preview stands for the settings it was made with; a changed setting asks for a new one.
    setStep((previous) => (previous.kind === "running" ? previous : { kind: "form" }));
  }

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let read: ReturnType<typeof readSettings>;
    try {
      read = readSettings(settings);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      setInvalid(error);
      return;
    }
    startAction();
    setStep({ kind: "loading" });
    try {
      // note: the whole repository, every page, fresh: a plan made from the loaded pages alone would keep the
      // "newest" of what happens to be loaded. Cached under the repository's lists, so deletes invalidate it.
      const artifacts = await queryClient.fetchQuery({
        queryKey: [...artifactKeys.lists(client, { owner, repo }), "all"],
        queryFn: ({ signal }) => client.listAllArtifactsForRepo({ owner, repo, signal }),
        staleTime: 0,
        retry: shouldRetryArtifactsError,
      });
      const plan = planArtifactCleanup(artifacts, read.policy, Date.now());
      setStep({ kind: "preview", plan, listed: artifacts.length, paceMs: read.paceMs });
    } catch (error) {
      setStep({ kind: "error", error });
    }
  }

  async function run() {
    if (step.kind !== "preview") return;
    setConfirming(false);
    startAction();
    const { plan, listed, paceMs } = step;
    const controller = new AbortController();
    running.current = controller;
    setStep({ kind: "running", plan, listed, outcomes: [] });
    const outcomes: ArtifactCleanupOutcome[] = [];
    const result = await runArtifactCleanup(client, { owner, repo }, plan.delete, {
      paceMs,
      signal: controller.signal,
      onStart: (current) => setStep((s) => (s.kind === "running" ? { ...s, current } : s)),
      onOutcome: (outcome) => {
        outcomes.push(outcome);
        setStep((s) => (s.kind === "running" ? { ...s, outcomes: [...s.outcomes, outcome] } : s));
      },
    });
    running.current = null;
    setStep({ kind: "done", plan, listed, outcomes, result });
    // note: once, at the end: the table and any cached list refetch without the deleted rows.
    await queryClient.invalidateQueries({ queryKey: artifactKeys.repo(client, { owner, repo }) });
  }

  const busy = step.kind === "running" || step.kind === "loading";
  const plan = "plan" in step ? step.plan : undefined;
  const input = (key: "keepLatest" | "olderThan" | "name" | "branch" | "pace", field: string) => ({
    name: key,
    value: settings[key],
    disabled: busy,
    "aria-invalid": invalid?.field === field || undefined,
    onChange: (e: { target: { value: string } }) => change(key, e.target.value),
  });

  return (
    <section className="cleanup" aria-labelledby="cleanup-heading">
      <h3 id="cleanup-heading" ref={heading} tabIndex={-1}>
        Clean up {repoName}
      </h3>
      <p className="hint">
        Artifacts are grouped by name and branch. The newest of each group are kept; of the rest, those older than the
        given age are deleted. Expired artifacts use no storage and are left alone unless included.
      </p>
      <form className="search" onSubmit={preview} aria-label="Cleanup policy" noValidate>
        <label>
          <span>
            Keep the newest <span className="hint">(per group)</span>
          </span>
          <input type="number" min={0} step={1} inputMode="numeric" {...input("keepLatest", "keep the newest")} />
        </label>
        <label>
          <span>
            Older than <span className="hint">(7d, 12h, 90m)</span>
          </span>
          <input autoComplete="off" {...input("olderThan", "older than")} />
        </label>
        <label>
          <span>
            Name <span className="hint">(optional)</span>
          </span>
          <input autoComplete="off" placeholder="exact artifact name" {...input("name", "name")} />
        </label>
        <label>
          <span>
            Branch <span className="hint">(optional)</span>
          </span>
          <input autoComplete="off" placeholder="e.g. main" {...input("branch", "branch")} />
        </label>
        <label>
          <span>
            Pause between deletes <span className="hint">(s)</span>
          </span>
          <input
            type="number"
            min={0}
            max={MAX_PACE_S}
            step={0.1}
            inputMode="decimal"
            {...input("pace", "pause between deletes")}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="includeExpired"
            checked={settings.includeExpired}
            disabled={busy}
            onChange={(e) => change("includeExpired", e.target.checked)}
          />
          <span>Include expired</span>
        </label>
        <button type="submit" disabled={busy}>
          Preview
        </button>
      </form>
      {invalid && (
        <p className="message error" role="alert">
          {invalid.message}.
        </p>
      )}
      {step.kind === "loading" && (
        <p className="message" role="status">
          Reading every artifact of {repoName}…
        </p>
      )}
      {step.kind === "error" && <ErrorMessage error={step.error} />}
      {plan && "listed" in step && <CleanupPreview plan={plan} listed={step.listed} />}
      {step.kind === "preview" && plan && plan.delete.length > 0 && (
        <div className="run">
          <button type="button" className="danger" disabled={!deletes} onClick={() => setConfirming(true)}>
            Delete {plan.delete.length} {plan.delete.length === 1 ? "artifact" : "artifacts"}…
          </button>
          {!deletes && (
            <span className="hint">
              Deletes are off on this server (live mode needs <code>--allow-delete</code>): this is a dry run.
            </span>
          )}
        </div>
      )}
      {step.kind === "running" && (
        <div className="run" aria-live="polite">
          <progress value={step.outcomes.length} max={step.plan.delete.length} aria-label="Cleanup progress" />
          <span>
            {step.current
              ? `Deleting ${step.outcomes.length + 1} of ${step.plan.delete.length}: ${step.current.name}`
              : "Starting…"}
          </span>
          <button type="button" onClick={() => running.current?.abort()}>
            Stop
          </button>
        </div>
      )}
      {(step.kind === "running" || step.kind === "done") && <CleanupResults outcomes={step.outcomes} />}
      {step.kind === "done" && (
        <p
          className={`message ${step.result.failed.length > 0 ? "error" : "ok"}`}
          role={step.result.failed.length > 0 ? "alert" : "status"}
        >
          {step.result.stopped ? ENDING[step.result.stopped] : "Done. "}
          {resultSummary(step.result)}
        </p>
      )}
      {step.kind === "preview" && plan && (
        <CleanupConfirmDialog
          open={confirming}
          repoName={repoName}
          count={plan.totals.count}
          bytes={plan.totals.bytes}
          paceMs={step.paceMs}
          onCancel={() => setConfirming(false)}
          onConfirm={run}
        />
      )}
    </section>
  );
}
