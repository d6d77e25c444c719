// The timeline's geometry, computed from the month counts of the timeline route (not from the
// photos loaded so far): every month is a heading row and rows of square tiles, so the page has
// its full height at once, nothing shifts as pages of photos arrive, and any month has a known
// scroll offset (the scrubber jumps there). Pure functions, unit-tested in layout.test.ts.

export type MonthCount = { month: string; count: number };

/** Browsers stop growing an element near 16.7 million px (Chromium: 2^24); stay well below. */
export const MAX_HEIGHT = 15_000_000;
export const GAP = 4;
export const HEADING_HEIGHT = 48;
const MIN_TILE = 180;
const PHONE_COLUMNS = 3;

export type Section = {
  month: string;
  count: number;
  /** Index of the month's first photo in the whole (newest-first) list. */
  firstIndex: number;
  /** Index of the month's heading row among all rows. */
  firstRow: number;
  /** Tile rows of the month. */
  rows: number;
  /** Offset of the heading from the top of the grid, in px. */
  top: number;
};

export type Row =
  | { kind: "heading"; section: number }
  | { kind: "tiles"; section: number; row: number; firstIndex: number; count: number };

export type Layout = {
  columns: number;
  tile: number;
  sections: Section[];
  rowCount: number;
  height: number;
};

/**
 * Columns and tile size for a grid `width` px wide: tiles of at least 180 px, at least 3 columns
 * (a phone), and enough columns that `photos` photos stay under MAX_HEIGHT (a huge library on a
 * narrow screen gets smaller tiles rather than a page the browser cannot scroll to the end).
 */
export function gridSize(width: number, photos = 0, months = 0): { columns: number; tile: number } {
  let columns = Math.max(PHONE_COLUMNS, Math.floor((width + GAP) / (MIN_TILE + GAP)));
  const size = (n: number) => Math.max(1, (width - GAP * (n - 1)) / n);
  // Each month adds a heading and at most one partly filled row.
  const height = (n: number) => (Math.ceil(photos / n) + months) * (size(n) + GAP) + months * HEADING_HEIGHT;
  while (height(columns) > MAX_HEIGHT && size(columns) > 1) {
    columns += 1;
  }
  return { columns, tile: Math.floor(size(columns)) };
}

export function layOut(months: MonthCount[], width: number): Layout {
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const { columns, tile } = gridSize(width, total, months.length);
  const sections: Section[] = [];
  let firstIndex = 0;
  let firstRow = 0;
  let top = 0;
  for (const { month, count } of months) {
    if (count <= 0) continue;
    const rows = Math.ceil(count / columns);
    sections.push({ month, count, firstIndex, firstRow, rows, top });
    firstIndex += count;
    firstRow += 1 + rows;
    top += HEADING_HEIGHT + rows * (tile + GAP);
  }
  return { columns, tile, sections, rowCount: firstRow, height: top };
}

/** The section holding row `row` (binary search: there may be hundreds of months). */
function sectionOfRow(layout: Layout, row: number): number {
  let low = 0;
  let high = layout.sections.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (layout.sections[mid]!.firstRow <= row) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function rowAt(layout: Layout, row: number): Row {
  const index = sectionOfRow(layout, row);
  const section = layout.sections[index]!;
  const inSection = row - section.firstRow;
  if (inSection === 0) return { kind: "heading", section: index };
  const tileRow = inSection - 1;
  const before = tileRow * layout.columns;
  return {
    kind: "tiles",
    section: index,
    row: tileRow,
    firstIndex: section.firstIndex + before,
    count: Math.min(layout.columns, section.count - before),
  };
}

export function rowHeight(layout: Layout, row: number): number {
  return rowAt(layout, row).kind === "heading" ? HEADING_HEIGHT : layout.tile + GAP;
}

/** Scroll offset (from the top of the grid) of a month's heading; of the nearest older month if it has none. */
export function offsetOfMonth(layout: Layout, month: string): number {
  const section = layout.sections.find((s) => s.month <= month) ?? layout.sections.at(-1);
  return section?.top ?? 0;
}

/** The month shown at scroll offset `offset` (from the top of the grid). */
export function monthAtOffset(layout: Layout, offset: number): string | null {
  let found: Section | undefined;
  for (const section of layout.sections) {
    if (section.top > offset) break;
    found = section;
  }
  return (found ?? layout.sections[0])?.month ?? null;
}
