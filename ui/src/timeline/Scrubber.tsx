import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";

import { monthAtOffset, offsetOfMonth, type Layout } from "./layout";
import { monthAtTrack, trackPosition, yearMarks } from "./scrubber";
import { strings } from "./strings";

/**
 * The point of the grid the user is reading, as state (updated once per frame): a line that moves
 * down the window as the page scrolls, from its top edge at the top of the page to its bottom edge
 * at the end, so that the last months count as reached even when they cannot scroll to the top.
 */
function useReadingLine(gridTop: number) {
  const [line, setLine] = useState(0);
  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const end = Math.max(1, document.documentElement.scrollHeight - window.innerHeight);
        const progress = Math.min(1, window.scrollY / end);
        setLine(Math.max(0, window.scrollY - gridTop + progress * window.innerHeight));
      });
    };
    onScroll();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
    };
  }, [gridTop]);
  return line;
}

/**
 * The date scrubber on the right: years along a track standing for the whole library; pointing
 * shows the month there, a click or a drag jumps to it. As a slider, ↑/↓ step a month, Home/End
 * go to the newest and oldest.
 */
export function Scrubber({ layout, gridTop }: { layout: Layout; gridTop: number }) {
  const track = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  const [preview, setPreview] = useState<{ month: string; y: number } | null>(null);
  const dragging = useRef(false);
  const offset = useReadingLine(gridTop);

  useEffect(() => {
    const node = track.current;
    if (!node) return;
    const observer = new ResizeObserver(() => setHeight(node.clientHeight));
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const jump = (month: string) => window.scrollTo({ top: gridTop + offsetOfMonth(layout, month) });
  const pointAt = (event: PointerEvent) => {
    const y = event.clientY - (track.current?.getBoundingClientRect().top ?? 0);
    const found = monthAtTrack(layout, y, height);
    if (found) setPreview({ month: found.month, y: Math.min(Math.max(y, 0), height) });
    return found;
  };
  const current = monthAtOffset(layout, offset);
  const index = Math.max(0, layout.sections.findIndex((s) => s.month === current));
  const onKey = (event: KeyboardEvent) => {
    const last = layout.sections.length - 1;
    const target = { ArrowDown: index + 1, PageDown: index + 1, ArrowUp: index - 1, PageUp: index - 1, Home: 0, End: last }[
      event.key
    ];
    if (target === undefined) return;
    event.preventDefault();
    const section = layout.sections[Math.min(last, Math.max(0, target))];
    if (section) jump(section.month);
  };

  if (layout.sections.length < 2) return null;
  return (
    <div
      ref={track}
      className="scrubber"
      role="slider"
      tabIndex={0}
      aria-label={strings.scrubber}
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={layout.sections.length - 1}
      aria-valuenow={index}
      aria-valuetext={current ? strings.month(current) : undefined}
      onKeyDown={onKey}
      onPointerDown={(event) => {
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        const found = pointAt(event);
        if (found) window.scrollTo({ top: gridTop + found.offset });
      }}
      onPointerMove={(event) => {
        const found = pointAt(event);
        if (found && dragging.current) window.scrollTo({ top: gridTop + found.offset });
      }}
      onPointerUp={() => (dragging.current = false)}
      onPointerLeave={() => !dragging.current && setPreview(null)}
    >
      {yearMarks(layout, height).map((mark) => (
        <span key={mark.year} className="scrubber-year" style={{ top: mark.y }}>
          {mark.year}
        </span>
      ))}
      <span className="scrubber-thumb" style={{ top: trackPosition(layout, offset, height) }} />
      {preview && (
        <span className="scrubber-preview" style={{ top: preview.y }}>
          {strings.month(preview.month)}
        </span>
      )}
    </div>
  );
}
