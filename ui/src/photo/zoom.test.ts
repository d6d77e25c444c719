import { describe, expect, it } from "vitest";

import { FIT, MAX_SCALE, clampView, panBy, zoomAt } from "./zoom";

const stage = { width: 1000, height: 800 };
const frame = { width: 1000, height: 750 }; // a 4:3 photo fitted by its width

describe("zoomAt", () => {
  it("zooms about the centre without moving it", () => {
    expect(zoomAt(FIT, 2, 0, 0, frame, stage)).toEqual({ scale: 2, x: 0, y: 0 });
  });

  it("keeps the point under the pointer where it is", () => {
    // The pointer 200 px right of the centre: that photo point stays under it at scale 2.
    const view = zoomAt(FIT, 2, 200, 0, frame, stage);
    expect(view).toEqual({ scale: 2, x: -200, y: 0 });
    const pointOnPhoto = (200 - view.x) / view.scale; // 200 px from the photo's centre, as before
    expect(pointOnPhoto).toBe(200);
  });

  it("never shrinks below the fitted photo nor zooms past the maximum", () => {
    expect(zoomAt({ scale: 2, x: -300, y: 100 }, 0.5, 0, 0, frame, stage)).toEqual(FIT);
    expect(zoomAt(FIT, 100, 0, 0, frame, stage).scale).toBe(MAX_SCALE);
  });
});

describe("panning", () => {
  it("stops at the photo's edges", () => {
    // At scale 2 the photo is 2000 x 1500 on a 1000 x 800 stage: 500 px of room each side, 350 up and down.
    expect(panBy({ scale: 2, x: 0, y: 0 }, 900, -900, frame, stage)).toEqual({ scale: 2, x: 500, y: -350 });
  });

  it("does not move a photo that fits", () => {
    expect(panBy(FIT, 100, 100, frame, stage)).toEqual(FIT);
    expect(clampView({ scale: 1.05, x: 30, y: 30 }, frame, stage)).toEqual({ scale: 1.05, x: 25, y: 0 });
  });
});
