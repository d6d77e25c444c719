import { useLayoutEffect, useState, type RefObject } from "react";

type Box = { width: number; height: number; top: number };

/** An element's size and its offset from the top of the page, kept up to date as it resizes. */
export function useElementBox(ref: RefObject<HTMLElement | null>): Box {
  const [box, setBox] = useState<Box>({ width: 0, height: 0, top: 0 });
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const update = () => {
      const rect = node.getBoundingClientRect();
      const next = { width: Math.floor(rect.width), height: Math.floor(rect.height), top: Math.round(rect.top + window.scrollY) };
      setBox((old) => (old.width === next.width && old.height === next.height && old.top === next.top ? old : next));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(node);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}
