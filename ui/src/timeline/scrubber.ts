// The date scrubber beside the timeline: a track whose height stands for the whole grid, so a
// point on it is a scroll offset and a month (from the month counts, not from loaded rows).
import { monthAtOffset, offsetOfMonth, type Layout } from "./layout";

export type Mark = { year: string; y: number };

/** Year labels along a track `trackHeight` px high, at the year's newest month, never closer than `minGap`. */
export function yearMarks(layout: Layout, trackHeight: number, minGap = 18): Mark[] {
  const marks: Mark[] = [];
  if (layout.height <= 0) return marks;
  for (const section of layout.sections) {
    const year = section.month.slice(0, 4);
    if (marks.at(-1)?.year === year) continue;
    const y = (section.top / layout.height) * trackHeight;
    const last = marks.at(-1);
    if (!last || y - last.y >= minGap) marks.push({ year, y });
  }
  return marks;
}

/** The month at a point `y` of the track, and the scroll offset (from the top of the grid) of its heading. */
export function monthAtTrack(layout: Layout, y: number, trackHeight: number): { month: string; offset: number } | null {
  if (trackHeight <= 0 || !layout.sections.length) return null;
  const fraction = Math.min(1, Math.max(0, y / trackHeight));
  const month = monthAtOffset(layout, fraction * layout.height);
  return month === null ? null : { month, offset: offsetOfMonth(layout, month) };
}

/** Where the thumb sits on the track for a scroll offset (from the top of the grid). */
export function trackPosition(layout: Layout, offset: number, trackHeight: number): number {
  return layout.height > 0 ? Math.min(1, Math.max(0, offset / layout.height)) * trackHeight : 0;
}
