// Where a face or object box goes on a photo the user turned. The API gives boxes as a centre and a
// size normalised to 0-1 in display orientation (the EXIF orientation already applied, as in the
// thumbnails), before the user's rotation; the viewer turns the image by that rotation, and the boxes
// must turn with it. These functions are the one place that turn is computed.

export type Box = { x: number; y: number; width: number; height: number };
export type Turn = 0 | 90 | 180 | 270;

/** A rotation in degrees (any multiple of 90, negative or past a full turn) as 0, 90, 180 or 270. */
export function quarterTurn(rotation: number): Turn {
  return ((((Math.round(rotation / 90) * 90) % 360) + 360) % 360) as Turn;
}

/** The size of a `width` x `height` image once turned by `rotation` (a quarter turn swaps the sides). */
export function turnedSize(width: number, height: number, rotation: number): { width: number; height: number } {
  return quarterTurn(rotation) % 180 ? { width: height, height: width } : { width, height };
}

/** A box on the image turned `rotation` degrees clockwise (still normalised, centre and size). */
export function turnBox(box: Box, rotation: number): Box {
  const { x, y, width, height } = box;
  switch (quarterTurn(rotation)) {
    case 90: // the top-left corner goes to the top right
      return { x: 1 - y, y: x, width: height, height: width };
    case 180:
      return { x: 1 - x, y: 1 - y, width, height };
    case 270:
      return { x: y, y: 1 - x, width: height, height: width };
    default:
      return { ...box };
  }
}

/** The box's rectangle on the turned image, as fractions (0-1) of its width and height from the top left. */
export function boxRect(box: Box, rotation: number): { left: number; top: number; width: number; height: number } {
  const turned = turnBox(box, rotation);
  return {
    left: turned.x - turned.width / 2,
    top: turned.y - turned.height / 2,
    width: turned.width,
    height: turned.height,
  };
}
