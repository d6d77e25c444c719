import { memo, type MouseEvent } from "react";
import { Link } from "react-router";

import type { PhotoItem } from "../api/types";
import { coverUrl } from "../common/thumbnails";
import { strings } from "./strings";

type Props = {
  photo: PhotoItem;
  size: number;
  search: string;
  selected: boolean;
  /** Whether any photo is selected: then a click on a tile selects instead of opening the photo. */
  selecting: boolean;
  onPick: (id: string, shift: boolean) => void;
};

/**
 * One square tile: a link to the photo (keeping the search, for ←/→ there), its cover thumbnail
 * loaded lazily over the photo's main colour, turned by the user's rotation; and a check box to
 * select it, shown on hover and focus, and on every tile once a photo is selected. Ctrl/⌘-click
 * and Shift-click select too; while something is selected, a click selects rather than opens.
 */
export const Tile = memo(function Tile({ photo, size, search, selected, selecting, onPick }: Props) {
  const url = coverUrl(photo.thumbnails);
  const name = photo.file_name ?? "";
  const onClick = (event: MouseEvent) => {
    if (selecting || event.ctrlKey || event.metaKey || event.shiftKey) {
      event.preventDefault();
      onPick(photo.id, event.shiftKey);
    }
  };
  return (
    <div className="tile-box" data-selected={selected || undefined} style={{ width: size, height: size }}>
      <Link to={{ pathname: `/photos/${photo.id}`, search }} className="tile" style={{ width: size, height: size }} onClick={onClick}>
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
      <button
        type="button"
        role="checkbox"
        aria-checked={selected}
        aria-label={strings.select(name)}
        className="tile-check"
        onClick={(event) => onPick(photo.id, event.shiftKey)}
      />
    </div>
  );
});

/** A tile whose photo is not loaded yet: the same size, so nothing moves when it comes. */
export function PlaceholderTile({ size }: { size: number }) {
  return <div className="tile placeholder" style={{ width: size, height: size }} aria-hidden="true" />;
}
