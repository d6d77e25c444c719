import { memo } from "react";
import { Link } from "react-router";

import type { PhotoItem } from "../api/types";
import { coverUrl } from "../common/thumbnails";

/**
 * One square tile: a link to the photo (keeping the search, for ←/→ there), its cover thumbnail
 * loaded lazily over the photo's main colour, turned by the user's rotation.
 */
export const Tile = memo(function Tile({ photo, size, search }: { photo: PhotoItem; size: number; search: string }) {
  const url = coverUrl(photo.thumbnails);
  const name = photo.file_name ?? "";
  return (
    <Link to={{ pathname: `/photos/${photo.id}`, search }} className="tile" style={{ width: size, height: size }}>
      {url ? (
        <img
          src={url}
          alt={name}
          width={size}
          height={size}
          loading="lazy"
          decoding="async"
          draggable={false}
          style={{
            backgroundColor: photo.color?.hex,
            transform: photo.rotation ? `rotate(${photo.rotation}deg)` : undefined,
          }}
        />
      ) : (
        <span className="tile-name" style={{ backgroundColor: photo.color?.hex }}>
          {name}
        </span>
      )}
    </Link>
  );
});

/** A tile whose photo is not loaded yet: the same size, so nothing moves when it comes. */
export function PlaceholderTile({ size }: { size: number }) {
  return <div className="tile placeholder" style={{ width: size, height: size }} aria-hidden="true" />;
}
