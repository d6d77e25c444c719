import { useEffect, useRef, useState } from "react";

import type { Person } from "./data";
import { strings } from "./strings";

/**
 * The confirmation of a merge of two people, choosing whose name stays (by default the named
 * one, else the one with more faces). Esc or Cancel closes it without a change.
 */
export function MergeDialog({
  people,
  onMerge,
  onClose,
}: {
  people: [Person, Person];
  onMerge: (from: Person, into: Person) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [first, second] = people;
  const preferred = first.named !== second.named ? (first.named ? first : second) : first.face_count >= second.face_count ? first : second;
  const [keep, setKeep] = useState(preferred.id);
  const into = keep === first.id ? first : second;
  const from = into === first ? second : first;
  useEffect(() => {
    const node = dialog.current;
    if (node && !node.open) node.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="merge-title" onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          onMerge(from, into);
        }}
      >
        <h2 id="merge-title">{strings.mergeTitle}</h2>
        <fieldset>
          <legend>{strings.mergeKeep}</legend>
          {people.map((person) => (
            <label key={person.id} className="check">
              <input type="radio" name="keep" checked={keep === person.id} onChange={() => setKeep(person.id)} />
              {person.name} ({strings.faces(person.face_count)})
            </label>
          ))}
        </fieldset>
        <p>{strings.mergeText(from.name, into.name)}</p>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {strings.cancel}
          </button>
          <button type="submit" className="primary" autoFocus>
            {strings.merge}
          </button>
        </div>
      </form>
    </dialog>
  );
}
