// How a step's state and its time left are put into words. The ETA itself comes from the server
// (`eta_seconds`: what remains divided by what finished in the last 10 minutes).
import type { Step } from "./queries";

export type StepState = "done" | "pending" | "running" | "failed" | "paused";

/** The one word that sums a step up: paused first, then running, waiting, failed, done. */
export function stepState(step: Step): StepState {
  if (step.paused) return "paused";
  if (step.running > 0) return "running";
  if (step.pending > 0) return "pending";
  if (step.failed > 0) return "failed";
  return "done";
}

/** Photos the step has finished with, one way or another (done, skipped, failed or blocked). */
export function settled(step: Step): number {
  return step.done + step.skipped + step.failed + step.blocked;
}

/** "3 min", "2 h 5 min", "3 days" (rounded up to the minute); null below a minute. */
export function timeLeft(seconds: number, locale?: string): string | null {
  const minutes = Math.ceil(seconds / 60);
  if (seconds < 60) return null;
  const unit = (value: number, name: "minute" | "hour" | "day") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" }).format(value);
  if (minutes < 60) return unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${unit(hours, "hour")} ${unit(minutes % 60, "minute")}` : unit(hours, "hour");
  return unit(Math.round(hours / 24), "day");
}
