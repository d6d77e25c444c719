// The viewer's gestures: wheel and pinch zoom about the pointer, double click (or tap) zooms in or
// back to fit, a drag pans a zoomed photo, and a horizontal swipe on a fitted photo goes to the
// previous or next one. The arithmetic is in zoom.ts.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

import { FIT, ZOOM_STEP, clampView, panBy, zoomAt, type Size, type View } from "./zoom";

/** A swipe: at least this far (px), and mostly sideways. */
const SWIPE_DISTANCE = 60;
const WHEEL_SPEED = 0.002;

type Point = { x: number; y: number };

/** Pointer presses on controls (face names, buttons) are theirs, not gestures. */
function onControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("button, input, a, form, label") !== null;
}

export function useZoom(
  stage: RefObject<HTMLElement | null>,
  frame: Size,
  stageSize: Size,
  onSwipe: (direction: "previous" | "next") => void,
) {
  const [view, setView] = useState<View>(FIT);
  const geometry = useRef({ frame, stageSize, onSwipe });
  geometry.current = { frame, stageSize, onSwipe };
  const pointers = useRef(new Map<number, Point>());
  const swipeStart = useRef<Point | null>(null);

  /** A point of the page, from the stage's centre. */
  const fromCentre = useCallback(
    (clientX: number, clientY: number): Point => {
      const rect = stage.current?.getBoundingClientRect();
      return rect ? { x: clientX - rect.left - rect.width / 2, y: clientY - rect.top - rect.height / 2 } : { x: 0, y: 0 };
    },
    [stage],
  );

  const zoomTo = useCallback(
    (scale: number, at: Point = { x: 0, y: 0 }) =>
      setView((old) => zoomAt(old, scale, at.x, at.y, geometry.current.frame, geometry.current.stageSize)),
    [],
  );

  useEffect(() => {
    const node = stage.current;
    if (!node) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const at = fromCentre(event.clientX, event.clientY);
      setView((old) => zoomAt(old, old.scale * Math.exp(-event.deltaY * WHEEL_SPEED), at.x, at.y, geometry.current.frame, geometry.current.stageSize));
    };
    node.addEventListener("wheel", onWheel, { passive: false });
    return () => node.removeEventListener("wheel", onWheel);
  }, [stage, fromCentre]);

  const onPointerDown = (event: React.PointerEvent) => {
    if (onControl(event.target) || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    swipeStart.current = pointers.current.size === 1 ? { x: event.clientX, y: event.clientY } : null;
  };

  const onPointerMove = (event: React.PointerEvent) => {
    const old = pointers.current.get(event.pointerId);
    if (!old) return;
    const { frame: f, stageSize: s } = geometry.current;
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      const other = a === old ? b! : a!;
      const before = Math.hypot(old.x - other.x, old.y - other.y);
      const after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
      const middle = fromCentre((event.clientX + other.x) / 2, (event.clientY + other.y) / 2);
      if (before > 0) setView((v) => zoomAt(v, (v.scale * after) / before, middle.x, middle.y, f, s));
      swipeStart.current = null;
    } else {
      const dx = event.clientX - old.x;
      const dy = event.clientY - old.y;
      setView((v) => (v.scale > 1 ? panBy(v, dx, dy, f, s) : v));
    }
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
  };

  const onPointerUp = (event: React.PointerEvent) => {
    if (!pointers.current.delete(event.pointerId)) return;
    const start = swipeStart.current;
    swipeStart.current = null;
    if (!start || view.scale > 1) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (Math.abs(dx) >= SWIPE_DISTANCE && Math.abs(dx) > 1.5 * Math.abs(dy)) geometry.current.onSwipe(dx < 0 ? "next" : "previous");
  };

  const onDoubleClick = (event: React.MouseEvent) => {
    if (onControl(event.target)) return;
    if (view.scale > 1) setView(FIT);
    else zoomTo(ZOOM_STEP, fromCentre(event.clientX, event.clientY));
  };

  return {
    // Kept within the photo as the stage resizes (the info panel opens, the phone turns).
    view: clampView(view, frame, stageSize),
    zoomIn: () => zoomTo(view.scale * ZOOM_STEP),
    fit: () => setView(FIT),
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onDoubleClick },
  };
}
