import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";

import type { PhotoItem } from "../api/types";
import { GAP, layOut, rowAt, rowHeight, type MonthCount } from "./layout";
import { Scrubber } from "./Scrubber";
import { strings } from "./strings";
import { PlaceholderTile, Tile } from "./Tile";
import { useElementBox } from "../common/useElementBox";

type Props = {
  months: MonthCount[];
  byMonth: Map<string, PhotoItem[]>;
  search: string;
  /** Called with the index (in the whole list) just past the last photo on screen. */
  onReach: (index: number) => void;
};

/**
 * The virtualised grid: only the rows near the screen are in the DOM (a few hundred nodes
 * however long the library), laid out from the month counts so every row has its final place.
 */
export function Grid({ months, byMonth, search, onReach }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, top } = useElementBox(ref);
  const layout = useMemo(() => layOut(months, width), [months, width]);
  const virtualizer = useWindowVirtualizer({
    count: width ? layout.rowCount : 0,
    estimateSize: (row) => rowHeight(layout, row),
    overscan: 3,
    scrollMargin: top,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, layout]);

  const rows = virtualizer.getVirtualItems();
  const reached = rows.reduce((max, item) => {
    const row = rowAt(layout, item.index);
    return row.kind === "tiles" ? Math.max(max, row.firstIndex + row.count) : max;
  }, 0);
  useEffect(() => onReach(reached), [onReach, reached]);

  return (
    <div className="timeline">
      <div ref={ref} className="grid" style={{ height: width ? layout.height : undefined }}>
        {rows.map((item) => {
          const row = rowAt(layout, item.index);
          const section = layout.sections[row.section]!;
          const style = { transform: `translateY(${item.start - top}px)`, height: item.size };
          if (row.kind === "heading") {
            return (
              <h2 key={item.key} className="month" style={style}>
                {strings.month(section.month)} <span className="muted">{strings.photos(section.count)}</span>
              </h2>
            );
          }
          const photos = byMonth.get(section.month) ?? [];
          const start = row.row * layout.columns;
          return (
            <div key={item.key} className="tile-row" style={{ ...style, gap: GAP }}>
              {Array.from({ length: row.count }, (_, n) => {
                const photo = photos[start + n];
                return photo ? (
                  <Tile key={photo.id} photo={photo} size={layout.tile} search={search} />
                ) : (
                  <PlaceholderTile key={`empty-${n}`} size={layout.tile} />
                );
              })}
            </div>
          );
        })}
      </div>
      {width > 0 && <Scrubber layout={layout} gridTop={top} />}
    </div>
  );
}
