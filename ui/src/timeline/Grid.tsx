import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";

import { useElementBox } from "../common/useElementBox";
import { layOut, rowAt, rowHeight, type MonthCount } from "./layout";
import { Scrubber } from "./Scrubber";
import { strings } from "./strings";
import { TileRow } from "./TileRow";

type Props = {
  library: string;
  q: string;
  months: MonthCount[];
  selected: ReadonlySet<string>;
  onPick: (id: string, shift: boolean) => void;
};

const NARROWEST = 320;

/**
 * The virtualised grid: only the rows near the screen are in the DOM (a few hundred nodes
 * however long the library), laid out from the month counts so every row has its final place.
 */
export function Grid({ library, q, months, selected, onPick }: Props) {
  const search = q ? `?q=${encodeURIComponent(q)}` : "";
  const ref = useRef<HTMLDivElement>(null);
  const { width, top } = useElementBox(ref);
  // Before the width is measured, the grid takes the height it would have on the narrowest
  // screen (the tallest): coming back to the timeline, the browser can then restore a scroll
  // position as deep as it was, which stays valid once the real layout replaces this one.
  const layout = useMemo(() => layOut(months, width || NARROWEST), [months, width]);
  const virtualizer = useWindowVirtualizer({
    count: width ? layout.rowCount : 0,
    estimateSize: (row) => rowHeight(layout, row),
    overscan: 3,
    scrollMargin: top,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, layout]);
  const rows = virtualizer.getVirtualItems();

  return (
    <div className={selected.size ? "timeline selecting" : "timeline"}>
      <div ref={ref} className="grid" style={{ height: layout.height }}>
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
          return (
            <TileRow
              key={item.key}
              library={library}
              q={q}
              month={section.month}
              monthCount={section.count}
              start={row.row * layout.columns}
              count={row.count}
              size={layout.tile}
              search={search}
              style={style}
              selected={selected}
              onPick={onPick}
            />
          );
        })}
      </div>
      {width > 0 && <Scrubber layout={layout} gridTop={top} />}
    </div>
  );
}
