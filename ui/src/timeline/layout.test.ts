import { describe, expect, it } from "vitest";

import { GAP, HEADING_HEIGHT, MAX_HEIGHT, gridSize, layOut, monthAtOffset, offsetOfMonth, rowAt, rowHeight } from "./layout";
import { monthAtTrack, trackPosition, yearMarks } from "./scrubber";

const MONTHS = [
  { month: "2024-03", count: 7 },
  { month: "2024-01", count: 3 },
  { month: "2023-12", count: 0 },
  { month: "2019-06", count: 12 },
];

describe("gridSize", () => {
  it("gives a phone three columns and a desktop tiles of 180-240 px", () => {
    expect(gridSize(375).columns).toBe(3);
    for (const width of [800, 1024, 1192, 1500, 2400]) {
      const { columns, tile } = gridSize(width);
      expect(tile).toBeGreaterThanOrEqual(180);
      expect(tile).toBeLessThanOrEqual(240);
      expect(columns * tile + (columns - 1) * GAP).toBeLessThanOrEqual(width);
    }
  });

  it("keeps 100,000 photos on a phone far below the browser's height limit", () => {
    const { columns } = gridSize(375, 100_000, 240);
    expect(columns).toBe(3);
    const layout = layOut(Array.from({ length: 240 }, (_, n) => ({ month: `m${1000 - n}`, count: 417 })), 375);
    expect(layout.height).toBeLessThan(MAX_HEIGHT / 2);
  });

  it("adds columns when a library would otherwise be taller than the limit", () => {
    const { columns } = gridSize(375, 2_000_000, 600);
    expect(columns).toBeGreaterThan(3);
    const months = Array.from({ length: 600 }, (_, n) => ({ month: String(9999 - n), count: 2_000_000 / 600 }));
    expect(layOut(months, 375).height).toBeLessThanOrEqual(MAX_HEIGHT);
  });
});

describe("layOut", () => {
  const layout = layOut(MONTHS, 3 * 200 + 2 * GAP); // three 200 px columns
  const rowSize = 200 + GAP;

  it("makes a heading and full rows per month, skipping empty months", () => {
    expect(layout.columns).toBe(3);
    expect(layout.tile).toBe(200);
    expect(layout.sections.map((s) => [s.month, s.firstIndex, s.firstRow, s.rows])).toEqual([
      ["2024-03", 0, 0, 3],
      ["2024-01", 7, 4, 1],
      ["2019-06", 10, 6, 4],
    ]);
    expect(layout.rowCount).toBe(11);
    expect(layout.height).toBe(3 * HEADING_HEIGHT + 8 * rowSize);
  });

  it("says which photos each row shows", () => {
    expect(rowAt(layout, 0)).toEqual({ kind: "heading", section: 0 });
    expect(rowAt(layout, 3)).toEqual({ kind: "tiles", section: 0, row: 2, firstIndex: 6, count: 1 });
    expect(rowAt(layout, 4)).toEqual({ kind: "heading", section: 1 });
    expect(rowAt(layout, 5)).toEqual({ kind: "tiles", section: 1, row: 0, firstIndex: 7, count: 3 });
    expect(rowAt(layout, 10)).toEqual({ kind: "tiles", section: 2, row: 3, firstIndex: 19, count: 3 });
    expect(rowHeight(layout, 0)).toBe(HEADING_HEIGHT);
    expect(rowHeight(layout, 1)).toBe(rowSize);
  });

  it("maps months to offsets and back", () => {
    expect(offsetOfMonth(layout, "2024-03")).toBe(0);
    expect(offsetOfMonth(layout, "2024-01")).toBe(HEADING_HEIGHT + 3 * rowSize);
    expect(offsetOfMonth(layout, "2023-12")).toBe(2 * HEADING_HEIGHT + 4 * rowSize); // empty: the next older month
    expect(offsetOfMonth(layout, "1990-01")).toBe(2 * HEADING_HEIGHT + 4 * rowSize); // before the oldest: the oldest
    expect(monthAtOffset(layout, 0)).toBe("2024-03");
    expect(monthAtOffset(layout, HEADING_HEIGHT + 3 * rowSize - 1)).toBe("2024-03");
    expect(monthAtOffset(layout, HEADING_HEIGHT + 3 * rowSize)).toBe("2024-01");
    expect(monthAtOffset(layout, layout.height + 1000)).toBe("2019-06");
  });
});

describe("the scrubber", () => {
  const layout = layOut(MONTHS, 3 * 200 + 2 * GAP);

  it("labels each year once, at its newest month", () => {
    const marks = yearMarks(layout, 1000, 0);
    expect(marks.map((m) => m.year)).toEqual(["2024", "2019"]);
    expect(marks[1]!.y).toBeCloseTo((layout.sections[2]!.top / layout.height) * 1000);
    expect(yearMarks(layout, 20, 18).map((m) => m.year)).toEqual(["2024"]); // too close to fit both
  });

  it("turns a point of the track into a month and the offset of its heading", () => {
    expect(monthAtTrack(layout, 0, 500)).toEqual({ month: "2024-03", offset: 0 });
    expect(monthAtTrack(layout, 500, 500)).toEqual({ month: "2019-06", offset: layout.sections[2]!.top });
    expect(monthAtTrack(layout, 9999, 500)?.month).toBe("2019-06");
    expect(trackPosition(layout, layout.height / 2, 500)).toBe(250);
  });

  it("jumps to the oldest month of a 100,000-photo library", () => {
    const months = Array.from({ length: 300 }, (_, n) => {
      const year = 2025 - Math.floor(n / 12);
      return { month: `${year}-${String(12 - (n % 12)).padStart(2, "0")}`, count: n % 7 === 0 ? 1 : 350 };
    });
    const big = layOut(months, 1192);
    expect(big.sections.reduce((sum, s) => sum + s.count, 0)).toBeGreaterThan(89_000);
    const oldest = monthAtTrack(big, 400, 400)!;
    expect(oldest.month).toBe(months.at(-1)!.month);
    expect(oldest.offset).toBe(big.sections.at(-1)!.top);
    expect(rowAt(big, big.rowCount - 1).kind).toBe("tiles");
  });
});
