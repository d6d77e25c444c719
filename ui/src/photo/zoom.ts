// Zoom and pan of the viewer, as pure arithmetic: a view is a scale and an offset (px) of the photo's
// centre from the stage's centre. The photo at scale 1 fits the stage; it is never smaller than that,
// and it is never panned so far that a gap opens on a side it could cover.

export type View = { scale: number; x: number; y: number };
export type Size = { width: number; height: number };

export const FIT: View = { scale: 1, x: 0, y: 0 };
export const MAX_SCALE = 8;
/** The scale a double click or the zoom button goes to from the fitted photo. */
export const ZOOM_STEP = 2.5;

function clampAxis(offset: number, shown: number, stage: number): number {
  const room = Math.max(0, (shown - stage) / 2);
  return Math.min(room, Math.max(-room, offset)) || 0; // never -0
}

/** The view with its offset kept within the photo (`frame` is the fitted photo's size at scale 1). */
export function clampView(view: View, frame: Size, stage: Size): View {
  const scale = Math.min(MAX_SCALE, Math.max(1, view.scale));
  return {
    scale,
    x: clampAxis(view.x, frame.width * scale, stage.width),
    y: clampAxis(view.y, frame.height * scale, stage.height),
  };
}

/**
 * The view at `scale` that keeps the photo's point under (`px`, `py`) (px from the stage's centre)
 * where it is: the wheel and pinch zoom about the pointer, a double click about the place clicked.
 */
export function zoomAt(view: View, scale: number, px: number, py: number, frame: Size, stage: Size): View {
  const next = Math.min(MAX_SCALE, Math.max(1, scale));
  const ratio = next / view.scale;
  return clampView({ scale: next, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio }, frame, stage);
}

/** The view moved by (`dx`, `dy`) px, within the photo. */
export function panBy(view: View, dx: number, dy: number, frame: Size, stage: Size): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, frame, stage);
}
