import { describe, expect, it } from "vitest";

import { chosenRange, numericScale } from "./ranges";

describe("numericScale", () => {
  it("maps positions to values in steps from the bounds, rounding outwards", () => {
    const aperture = numericScale(1.8, 5.6, 0.1);
    expect(aperture.steps).toBe(38);
    expect(aperture.value(0)).toBe(1.8);
    expect(aperture.value(38)).toBe(5.6);
    expect(aperture.value(12)).toBe(3);
    expect(aperture.position(2.8)).toBe(10);
    expect(aperture.position(99)).toBe(38); // clamped
    const focal = numericScale(23.5, 70.2, 1);
    expect([focal.value(0), focal.value(focal.steps)]).toEqual([23, 71]);
  });
});

describe("chosenRange", () => {
  const rating = numericScale(0, 5, 1);
  it("reads a range or a single number of a term's value", () => {
    expect(chosenRange("2-4", rating.position)).toEqual([2, 4]);
    expect(chosenRange("3", rating.position)).toEqual([3, 3]);
  });
  it("is null without a term or for another form (>=4: left to the chip)", () => {
    expect(chosenRange(null, rating.position)).toBe(null);
    expect(chosenRange("", rating.position)).toBe(null);
    expect(chosenRange(">=4", rating.position)).toBe(null);
  });
});
