import { UserRound } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";

import type { Person } from "./data";
import { NameEditor } from "./NameEditor";
import { personPhotosUrl } from "./query";
import { strings } from "./strings";

/** One person: the cover face (a link to their photos), the name (click to name or rename it in
 * place), the photo count, a link to their faces, and a checkbox to pick them for a merge. */
export function PersonCard({
  person,
  selected,
  selectable,
  onSelect,
  onName,
}: {
  person: Person;
  selected: boolean;
  selectable: boolean;
  onSelect: (selected: boolean) => void;
  onName: (name: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const faceUrl = person.cover?.face_url;
  return (
    <li className={selected ? "person-card selected" : "person-card"} aria-label={person.name}>
      <Link to={personPhotosUrl(person)} className="person-face" aria-label={strings.photosOf(person.name)}>
        {faceUrl ? (
          <img src={faceUrl} alt="" width={160} height={160} loading="lazy" decoding="async" />
        ) : (
          <UserRound aria-hidden="true" />
        )}
      </Link>
      <div className="person-meta">
        {editing ? (
          <NameEditor
            initial={person.named ? person.name : ""}
            onSave={(name) => {
              setEditing(false);
              onName(name);
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <button
            type="button"
            className={person.named ? "person-name" : "person-name unnamed"}
            aria-label={person.named ? strings.rename(person.name) : strings.addName(person.name)}
            onClick={() => setEditing(true)}
          >
            {person.name}
          </button>
        )}
        <span className="muted">
          {strings.photos(person.photo_count)} · <Link to={`/people/${person.id}`}>{strings.showFaces}</Link>
        </span>
      </div>
      <input
        type="checkbox"
        className="person-select"
        aria-label={strings.select(person.name)}
        checked={selected}
        disabled={!selected && !selectable}
        onChange={(event) => onSelect(event.target.checked)}
      />
    </li>
  );
}
