import { useState } from "react";

import { strings } from "./strings";

/**
 * A name edited in place: a text field that saves on Enter (or the form's submit) and cancels on
 * Esc, or when the field is left without a change.
 */
export function NameEditor({
  initial,
  label = strings.nameLabel,
  list,
  onSave,
  onCancel,
}: {
  initial: string;
  label?: string;
  list?: string;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      className="name-editor"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.trim();
        if (trimmed && trimmed !== initial) onSave(trimmed);
        else onCancel();
      }}
    >
      <input
        aria-label={label}
        title={strings.nameHint}
        value={name}
        list={list}
        autoFocus
        maxLength={128}
        autoComplete="off"
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
        onBlur={() => {
          if (name.trim() === initial || !name.trim()) onCancel();
        }}
      />
    </form>
  );
}
