import { X } from "lucide-react";
import { useState } from "react";

import type { PhotoTag } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { useTagChange } from "./data";
import { strings } from "./strings";
import { TagLink } from "./TagList";

/** The photo's generic tags or albums: each can be taken off, and one added by name (created if new). */
export function TagEditor({ photoId, tags, type, label }: { photoId: string; tags: PhotoTag[]; type: "generic" | "album"; label: string }) {
  const change = useTagChange(photoId);
  const [name, setName] = useState("");
  return (
    <>
      <ul className="tag-list">
        {tags.map((tag) => (
          <li key={tag.id} className="chip">
            <TagLink tag={tag} />
            <button type="button" className="icon small" aria-label={strings.removeTag(tag.name)} onClick={() => change.mutate({ remove: tag.tag_id })}>
              <X aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="tag-add"
        onSubmit={(event) => {
          event.preventDefault();
          if (!name.trim()) return;
          change.mutate({ add: name.trim(), type }, { onSuccess: () => setName("") });
        }}
      >
        <input aria-label={label} placeholder={label} value={name} maxLength={128} onChange={(event) => setName(event.target.value)} />
        <button type="submit" disabled={change.isPending}>
          {strings.add}
        </button>
      </form>
      {change.error && <ErrorMessage error={change.error} />}
    </>
  );
}
