import { describe, expect, it } from "vitest";

import { remainingWork } from "../api/queries";
import { monthOf } from "./data";

describe("monthOf", () => {
  it("takes the UTC month of the sort time, as the server counts it", () => {
    expect(monthOf({ sort_at: "2018-07-31T23:30:00-02:00" })).toBe("2018-08");
    expect(monthOf({ sort_at: "2018-08-01T00:30:00+02:00" })).toBe("2018-07");
    expect(monthOf({ sort_at: "2018-07-14T10:00:00Z" })).toBe("2018-07");
  });
});

describe("remainingWork", () => {
  it("is the longest queue of any step that is not paused", () => {
    const step = (pending: number, running: number, paused = false) => ({ pending, running, paused });
    expect(remainingWork([step(3, 1), step(10, 2), step(50, 0, true)])).toBe(12);
    expect(remainingWork([step(0, 0)])).toBe(0);
    expect(remainingWork([])).toBe(0);
  });
});
