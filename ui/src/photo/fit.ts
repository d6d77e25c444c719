// Fitting a photo, turned by the user's rotation, into the viewer.

/**
 * The width and height to give an <img> of a `width` x `height` photo (display orientation)
 * so that, after `rotate(rotation deg)` about its centre, it fits a `boxWidth` x `boxHeight` box.
 * A quarter turn swaps the sides the box must hold. Never enlarges past the photo's own size.
 */
export function fitRotated(
  width: number,
  height: number,
  boxWidth: number,
  boxHeight: number,
  rotation: number,
): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const quarter = ((rotation % 360) + 360) % 180 === 90;
  const [shownWidth, shownHeight] = quarter ? [height, width] : [width, height];
  const scale = Math.min(1, boxWidth / shownWidth, boxHeight / shownHeight);
  return { width: Math.floor(width * scale), height: Math.floor(height * scale) };
}
