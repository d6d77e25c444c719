import { useState } from "react";

import { strings } from "./strings";

type Props = { label: string; name: string; question: string; confirm: string; disabled?: boolean; onConfirm: () => void };

/** A button for something that cannot be undone: it asks first, in place (`name` is its accessible name). */
export function ConfirmButton({ label, name, question, confirm, disabled, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" aria-label={name} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={name}>
      <p>{question}</p>
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {strings.cancel}
      </button>
    </div>
  );
}
