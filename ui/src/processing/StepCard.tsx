import { Pause, Play, RotateCw } from "lucide-react";

import { strings as common } from "../common/strings";
import { settled, stepState, timeLeft } from "./eta";
import type { Step } from "./queries";
import { strings } from "./strings";

const numberFormat = new Intl.NumberFormat();
const COUNTS = ["done", "skipped", "running", "pending", "failed", "blocked"] as const;

/** "Thumbnails", "Analysis: Colours"... */
export function stepLabel(step: Pick<Step, "step" | "classifier">): string {
  if (step.classifier) return strings.analysis(common.classifiers[step.classifier]?.[0] ?? step.classifier);
  return strings.steps[step.step] ?? step.step;
}

type Props = {
  step: Step;
  canRetry: boolean;
  canPause: boolean;
  busy: boolean;
  onRetry: (step: string) => void;
  onPause: (classifier: string, paused: boolean) => void;
};

/** One step of the pipeline: its state, a progress bar, the counts, the time left, and its actions. */
export function StepCard({ step, canRetry, canPause, busy, onRetry, onPause }: Props) {
  const label = stepLabel(step);
  const state = stepState(step);
  const left = step.pending + step.running;
  const eta = step.eta_seconds === null ? null : timeLeft(step.eta_seconds);
  return (
    <li className="step-card" aria-label={label}>
      <div className="step-head">
        <h3>{label}</h3>
        <span className={`badge ${state}`}>{strings.state[state]}</span>
      </div>
      <div className="step-body">
        <progress value={settled(step)} max={Math.max(step.total, 1)} aria-label={strings.progress(label)} />
        <p className="step-counts">
          <span>{strings.ofTotal(numberFormat.format(settled(step)), numberFormat.format(step.total))}</span>
          {COUNTS.filter((name) => step[name] > 0).map((name) => (
            <span key={name} className={name === "failed" ? "count-failed" : undefined}>
              {numberFormat.format(step[name])} {strings.counts[name]}
            </span>
          ))}
        </p>
        {state === "paused" ? (
          <p className="muted">{strings.pausedHint}</p>
        ) : (
          left > 0 && <p className="muted">{step.eta_seconds === null ? strings.etaUnknown : strings.eta(eta ?? strings.lessThanAMinute)}</p>
        )}
      </div>
      {((canRetry && step.failed > 0) || (canPause && step.classifier)) && (
        <div className="actions">
          {canRetry && step.failed > 0 && (
            <button type="button" aria-label={strings.retryStepLabel(label)} disabled={busy} onClick={() => onRetry(step.step)}>
              <RotateCw aria-hidden="true" /> {strings.retryStep(numberFormat.format(step.failed))}
            </button>
          )}
          {canPause && step.classifier && (
            <button
              type="button"
              aria-label={step.paused ? strings.resumeLabel(label) : strings.pauseLabel(label)}
              disabled={busy}
              onClick={() => onPause(step.classifier!, !step.paused)}
            >
              {step.paused ? <Play aria-hidden="true" /> : <Pause aria-hidden="true" />}
              {step.paused ? strings.resume : strings.pause}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
