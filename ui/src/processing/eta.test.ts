import { describe, expect, it } from "vitest";

import { settled, stepState, timeLeft } from "./eta";
import type { Step } from "./queries";

const step = (counts: Partial<Step>): Step => ({
  step: "thumbnails",
  classifier: null,
  paused: false,
  total: 10,
  done: 0,
  skipped: 0,
  pending: 0,
  running: 0,
  failed: 0,
  blocked: 0,
  finished_recently: 0,
  eta_seconds: null,
  ...counts,
});

describe("stepState", () => {
  it("says paused before anything else, then running, waiting, failed, done", () => {
    expect(stepState(step({ paused: true, running: 2, pending: 3 }))).toBe("paused");
    expect(stepState(step({ running: 1, pending: 3, failed: 1 }))).toBe("running");
    expect(stepState(step({ pending: 3, failed: 1 }))).toBe("pending");
    expect(stepState(step({ done: 9, failed: 1 }))).toBe("failed");
    expect(stepState(step({ done: 8, skipped: 2 }))).toBe("done");
  });
});

describe("settled", () => {
  it("counts every photo the step has finished with, whatever the outcome", () => {
    expect(settled(step({ done: 4, skipped: 1, failed: 2, blocked: 1, pending: 2 }))).toBe(8);
  });
});

describe("timeLeft", () => {
  it("is null under a minute and rounds up to the minute", () => {
    expect(timeLeft(0, "en")).toBeNull();
    expect(timeLeft(59, "en")).toBeNull();
    expect(timeLeft(61, "en")).toBe("2 min");
  });
  it("gives hours and minutes, then days", () => {
    expect(timeLeft(3600, "en")).toBe("1 hr");
    expect(timeLeft(2 * 3600 + 5 * 60, "en")).toBe("2 hr 5 min");
    expect(timeLeft(5 * 86400, "en")).toBe("5 days");
  });
});
