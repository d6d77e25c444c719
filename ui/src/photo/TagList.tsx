import { Link } from "react-router";

import type { PhotoTag } from "../api/types";

/** A tag as a link to the photos that have it (the search `tag:<id>`). */
export function TagLink({ tag, label = tag.name }: { tag: PhotoTag; label?: string }) {
  return <Link to={{ pathname: "/", search: `?q=${encodeURIComponent(`tag:${tag.tag_id}`)}` }}>{label}</Link>;
}

/** Tags of one type as links, most significant first (as the API orders them). */
export function TagList({ tags }: { tags: PhotoTag[] }) {
  return (
    <ul className="tag-list">
      {tags.map((tag) => (
        <li key={tag.id} className="chip">
          <TagLink tag={tag} />
        </li>
      ))}
    </ul>
  );
}
