import { useRef, useState } from "react";

import type { PhotoDetail } from "../api/types";
import { previewUrl } from "../common/thumbnails";
import { useElementBox } from "../common/useElementBox";
import { Boxes } from "./Boxes";
import { turnedSize } from "./boxes";
import { fitRotated } from "./fit";
import { useKeys } from "./useKeys";
import { useZoom } from "./useZoom";

export const PREVIEW = 1920;
const LARGE = 3840;

type Props = {
  photo: PhotoDetail;
  q: string;
  showBoxes: boolean;
  onSwipe: (direction: "previous" | "next") => void;
};

/**
 * The photo, fitted to the stage and turned by the user's rotation, zoomable and pannable, with its
 * face and object boxes on top (turned with it). The 1920 preview shows at once; the 3840 size is
 * asked for on the first zoom and drawn over the preview once it has loaded.
 */
export function Stage({ photo, q, showBoxes, onSwipe }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const box = useElementBox(stage);
  const name = photo.files.find((f) => f.is_base)?.file_name ?? "";
  const image = fitRotated(photo.width ?? 0, photo.height ?? 0, box.width, box.height, photo.rotation);
  const frame = turnedSize(image.width, image.height, photo.rotation);
  const zoom = useZoom(stage, frame, box, onSwipe);
  const { scale, x, y } = zoom.view;
  const preview = previewUrl(photo.thumbnails, PREVIEW);
  const large = previewUrl(photo.thumbnails, LARGE);
  const [wantLarge, setWantLarge] = useState(false);
  const [largeLoaded, setLargeLoaded] = useState(false);
  useKeys({ "+": zoom.zoomIn, "=": zoom.zoomIn, "-": zoom.fit });
  if (scale > 1 && !wantLarge && large && large !== preview) setWantLarge(true);

  const imageStyle = {
    width: image.width,
    height: image.height,
    left: (frame.width - image.width) / 2,
    top: (frame.height - image.height) / 2,
    transform: photo.rotation ? `rotate(${photo.rotation}deg)` : undefined,
  };
  return (
    <div className="photo-stage" ref={stage} {...zoom.handlers} data-zoomed={scale > 1 || undefined}>
      {!(photo.width && photo.height) && preview && (
        // The photo's size is not known (yet): the preview as it comes, without zoom or boxes.
        <img className="photo-image plain" src={preview} alt={name} decoding="async" draggable={false} />
      )}
      {image.width > 0 && (
        <div
          className="photo-frame"
          style={{
            width: frame.width,
            height: frame.height,
            transform: `translate(${x}px, ${y}px) scale(${scale})`,
            ["--zoom" as string]: scale,
          }}
        >
          {preview && (
            <img
              className="photo-image"
              src={preview}
              alt={name}
              decoding="async"
              draggable={false}
              style={{ ...imageStyle, backgroundColor: photo.tags.colors[0]?.hex ?? undefined }}
            />
          )}
          {wantLarge && (
            <img
              className="photo-image large"
              src={large}
              alt=""
              decoding="async"
              draggable={false}
              onLoad={() => setLargeLoaded(true)}
              style={{ ...imageStyle, opacity: largeLoaded ? 1 : 0 }}
            />
          )}
          {showBoxes && <Boxes photo={photo} q={q} />}
        </div>
      )}
    </div>
  );
}
