import { Merge, UsersRound } from "lucide-react";
import { useState } from "react";

import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { type Person, useMergePeople, useNamePerson, usePeople } from "./data";
import { MergeDialog } from "./MergeDialog";
import { PersonCard } from "./PersonCard";
import { strings } from "./strings";
import "./people.css";

/** `/people`: one card per person of the active library, named people first, then unknown ones. */
export function PeoplePage() {
  const { library } = useActiveLibrary();
  if (!library) return <EmptyState title={strings.noLibraryTitle}>{strings.noLibraryText}</EmptyState>;
  return <People key={library.id} library={library.id} />;
}

function People({ library }: { library: string }) {
  const people = usePeople(library);
  const name = useNamePerson(library);
  const merge = useMergePeople();
  const [selected, setSelected] = useState<string[]>([]);
  const [merging, setMerging] = useState(false);

  if (people.error) return <ErrorMessage error={people.error} onRetry={() => void people.refetch()} />;
  if (!people.data) return <Loading />;
  if (people.data.length === 0) {
    return (
      <EmptyState icon={<UsersRound aria-hidden="true" />} title={strings.emptyTitle}>
        {strings.emptyText}
      </EmptyState>
    );
  }
  const chosen = selected.map((id) => people.data.find((p) => p.id === id)).filter((p): p is Person => !!p);
  const [first, second] = chosen;
  const error = name.error ?? merge.error;
  return (
    <div className="people-page">
      <div className="people-bar">
        <h1>{strings.title}</h1>
        <span className="muted" role="status">
          {chosen.length ? strings.selected(chosen.length) : strings.mergeHint}
        </span>
        {chosen.length > 0 && (
          <button type="button" onClick={() => setSelected([])}>
            {strings.clearSelection}
          </button>
        )}
        <button type="button" className="primary" disabled={chosen.length !== 2} onClick={() => setMerging(true)}>
          <Merge aria-hidden="true" /> {strings.merge}
        </button>
      </div>
      <p className="muted">{strings.intro}</p>
      {error && <ErrorMessage error={error} />}
      <ul className="people-grid" aria-label={strings.title}>
        {people.data.map((person) => (
          <PersonCard
            key={person.id}
            person={person}
            selected={selected.includes(person.id)}
            selectable={selected.length < 2}
            onSelect={(on) => setSelected((ids) => (on ? [...ids, person.id] : ids.filter((id) => id !== person.id)))}
            onName={(newName) => name.mutate({ person: person.id, name: newName })}
          />
        ))}
      </ul>
      {merging && first && second && (
        <MergeDialog
          people={[first, second]}
          onClose={() => setMerging(false)}
          onMerge={(from, into) => {
            setMerging(false);
            setSelected([]);
            merge.mutate({ from: from.id, into: into.id });
          }}
        />
      )}
    </div>
  );
}
