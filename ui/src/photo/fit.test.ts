import { describe, expect, it } from "vitest";

import { fitRotated } from "./fit";

describe("fitRotated", () => {
  it("fits a landscape photo by its width or height", () => {
    expect(fitRotated(4000, 3000, 1000, 1000, 0)).toEqual({ width: 1000, height: 750 });
    expect(fitRotated(4000, 3000, 2000, 600, 0)).toEqual({ width: 800, height: 600 });
  });

  it("swaps the sides to hold for a quarter turn either way", () => {
    // Turned 90°, a 4000x3000 photo stands 4000 high: the 1000 px high box decides.
    expect(fitRotated(4000, 3000, 2000, 1000, 90)).toEqual({ width: 1000, height: 750 });
    expect(fitRotated(4000, 3000, 2000, 1000, 270)).toEqual({ width: 1000, height: 750 });
    expect(fitRotated(4000, 3000, 2000, 1000, -90)).toEqual({ width: 1000, height: 750 });
    expect(fitRotated(4000, 3000, 2000, 1000, 180)).toEqual({ width: 1333, height: 1000 });
  });

  it("never enlarges a small photo, and copes with a missing size", () => {
    expect(fitRotated(640, 480, 1920, 1080, 90)).toEqual({ width: 640, height: 480 });
    expect(fitRotated(0, 480, 1920, 1080, 0)).toEqual({ width: 0, height: 0 });
  });
});
