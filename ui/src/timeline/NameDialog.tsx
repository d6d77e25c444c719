import { useEffect, useRef, useState } from "react";

import { strings } from "./strings";

type Props = {
  title: string;
  label: string;
  /** Names to pick from with one click (the library's albums), besides typing one. */
  choices: string[];
  submit: string;
  onSubmit: (name: string) => void;
  onClose: () => void;
};

/** A modal dialog asking for a tag's or album's name: typed (a new one), or one of `choices`. */
export function NameDialog({ title, label, choices, submit, onSubmit, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState("");
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  const done = (value: string) => {
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <dialog ref={ref} className="dialog name-dialog" aria-label={title} onClose={onClose}>
      <form
        method="dialog"
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          done(name);
        }}
      >
        <h2>{title}</h2>
        {choices.length > 0 && (
          <ul className="choices">
            {choices.map((choice) => (
              <li key={choice}>
                <button type="button" onClick={() => done(choice)}>
                  {choice}
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          {label}
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={128} autoFocus />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {strings.cancel}
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
