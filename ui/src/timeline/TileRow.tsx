import { RotateCw } from "lucide-react";
import type { CSSProperties } from "react";

import { strings as common } from "../common/strings";
import { GAP } from "./layout";
import { useMonthPhotos } from "./data";
import { PlaceholderTile, Tile } from "./Tile";

type Props = {
  library: string;
  q: string;
  month: string;
  monthCount: number;
  /** Position of the row's first photo within its month, and how many the row holds. */
  start: number;
  count: number;
  size: number;
  search: string;
  style: CSSProperties;
  selected: ReadonlySet<string>;
  onPick: (id: string, shift: boolean) => void;
};

/** One row of tiles: its month's photos `start` to `start + count`, placeholders until they arrive. */
export function TileRow({ library, q, month, monthCount, start, count, size, search, style, selected, onPick }: Props) {
  const { photos, error, retry } = useMonthPhotos(library, q, month, monthCount, start + count);
  return (
    <div className="tile-row" style={{ ...style, gap: GAP }}>
      {error && start === 0 ? (
        <div className="row-error">
          <span>{error.message}</span>
          <button type="button" onClick={retry}>
            <RotateCw aria-hidden="true" /> {common.retry}
          </button>
        </div>
      ) : (
        Array.from({ length: count }, (_, n) => {
          const photo = photos[start + n];
          return photo ? (
            <Tile
              key={photo.id}
              photo={photo}
              size={size}
              search={search}
              selected={selected.has(photo.id)}
              selecting={selected.size > 0}
              onPick={onPick}
            />
          ) : (
            <PlaceholderTile key={`empty-${n}`} size={size} />
          );
        })
      )}
    </div>
  );
}
