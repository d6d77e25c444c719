import { describe, expect, it } from "vitest";

import { boxRect, quarterTurn, turnBox, turnedSize } from "./boxes";

// A face in the top-left part of a landscape photo: centre (0.2, 0.3), 0.1 wide, 0.2 high.
const face = { x: 0.2, y: 0.3, width: 0.1, height: 0.2 };

function close(actual: Record<string, number>, expected: Record<string, number>) {
  for (const key of Object.keys(expected)) expect(actual[key], key).toBeCloseTo(expected[key]!, 9);
}

describe("turnBox", () => {
  it("leaves a box as it is without a rotation", () => {
    close(turnBox(face, 0), face);
  });

  it("moves the top left to the top right on a quarter turn clockwise, and swaps the sides", () => {
    close(turnBox(face, 90), { x: 0.7, y: 0.2, width: 0.2, height: 0.1 });
  });

  it("moves it to the bottom right on a half turn", () => {
    close(turnBox(face, 180), { x: 0.8, y: 0.7, width: 0.1, height: 0.2 });
  });

  it("moves it to the bottom left on a quarter turn anticlockwise", () => {
    close(turnBox(face, 270), { x: 0.3, y: 0.8, width: 0.2, height: 0.1 });
    close(turnBox(face, -90), turnBox(face, 270));
  });

  it("brings the box back after four quarter turns, and counts full turns as none", () => {
    let box = face;
    for (let i = 0; i < 4; i++) box = turnBox(box, 90);
    close(box, face);
    close(turnBox(face, 450), turnBox(face, 90));
    expect(quarterTurn(-450)).toBe(270);
  });
});

describe("boxRect on real pixels", () => {
  it("puts a face where it shows on a landscape photo turned to portrait", () => {
    // 4000 x 3000 photo, a face whose box is x 600-1000, y 300-900 px.
    const box = { x: 800 / 4000, y: 600 / 3000, width: 400 / 4000, height: 600 / 3000 };
    const size = turnedSize(4000, 3000, 90);
    expect(size).toEqual({ width: 3000, height: 4000 });
    const rect = boxRect(box, 90);
    // Turned clockwise, pixel (px, py) goes to (3000 - py, px): the box is x 2100-2700, y 600-1000.
    close(
      { left: rect.left * size.width, top: rect.top * size.height, width: rect.width * size.width, height: rect.height * size.height },
      { left: 2100, top: 600, width: 600, height: 400 },
    );
  });

  it("uses the display size of an EXIF-oriented photo, then only the user's turn", () => {
    // Stored 4000 x 3000 with EXIF orientation 6: the API gives the display size 3000 x 4000 and the box
    // in display orientation (x 100-700, y 3000-3800 px). The user turns it back to landscape (270).
    const display = { width: 3000, height: 4000 };
    const box = { x: 400 / 3000, y: 3400 / 4000, width: 600 / 3000, height: 800 / 4000 };
    const size = turnedSize(display.width, display.height, 270);
    expect(size).toEqual({ width: 4000, height: 3000 });
    const rect = boxRect(box, 270);
    // Turned anticlockwise, pixel (px, py) goes to (py, 3000 - px): x 3000-3800, y 2300-2900.
    close(
      { left: rect.left * size.width, top: rect.top * size.height, width: rect.width * size.width, height: rect.height * size.height },
      { left: 3000, top: 2300, width: 800, height: 600 },
    );
  });
});
