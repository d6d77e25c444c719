import { BookMinus, BookPlus, Star, StarOff, Tag, Tags, Trash2, X } from "lucide-react";
import { useState } from "react";

import { useAlbums } from "../albums/data";
import type { BulkChange } from "./bulk";
import { NameDialog } from "./NameDialog";
import { strings } from "./strings";

type Asking = "tag_add" | "tag_remove" | "album_add" | "album_remove";
type Props = {
  library: string;
  count: number;
  busy: boolean;
  error: string | null;
  onChange: (change: BulkChange) => void;
  onClear: () => void;
};

/**
 * The bar that replaces the header while photos are selected: how many, and what can be done to
 * them all at once — rate, add or remove a tag, add to (or create) or remove from an album, delete.
 */
export function SelectionBar({ library, count, busy, error, onChange, onClear }: Props) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const albums = useAlbums(library);
  const albumNames = asking?.startsWith("album") ? (albums.data ?? []).map((a) => a.name) : [];
  const ask = (action: Asking) => (
    <button type="button" className="icon" aria-label={strings.actions[action]} title={strings.actions[action]} disabled={busy} onClick={() => setAsking(action)}>
      {{ tag_add: <Tag aria-hidden="true" />, tag_remove: <Tags aria-hidden="true" />, album_add: <BookPlus aria-hidden="true" />, album_remove: <BookMinus aria-hidden="true" /> }[action]}
    </button>
  );
  return (
    <div className="selection-bar" role="toolbar" aria-label={strings.selectionTools}>
      <button type="button" className="icon" aria-label={strings.clearSelection} title={strings.clearSelection} onClick={onClear}>
        <X aria-hidden="true" />
      </button>
      <span className="selection-count" aria-live="polite">
        {strings.selected(count)}
      </span>
      <div className="stars" role="group" aria-label={strings.rating}>
        {[1, 2, 3, 4, 5].map((stars) => (
          <button key={stars} type="button" className="icon" aria-label={strings.rate(stars)} title={strings.rate(stars)} disabled={busy} onClick={() => onChange({ action: "rate", rating: stars })}>
            <Star aria-hidden="true" />
          </button>
        ))}
        <button type="button" className="icon" aria-label={strings.rate(0)} title={strings.rate(0)} disabled={busy} onClick={() => onChange({ action: "rate", rating: 0 })}>
          <StarOff aria-hidden="true" />
        </button>
      </div>
      {ask("tag_add")}
      {ask("tag_remove")}
      {ask("album_add")}
      {ask("album_remove")}
      <button type="button" className="icon" aria-label={strings.actions.delete} title={strings.actions.delete} disabled={busy} onClick={() => onChange({ action: "delete" })}>
        <Trash2 aria-hidden="true" />
      </button>
      {error && (
        <span className="selection-error" role="alert">
          {error}
        </span>
      )}
      {asking && (
        <NameDialog
          title={strings.dialogTitles[asking](count)}
          label={asking.startsWith("album") ? strings.albumName : strings.tagName}
          choices={albumNames}
          submit={strings.actions[asking]}
          onSubmit={(name) => {
            setAsking(null);
            onChange({ action: asking, name });
          }}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  );
}
