import { useEffect, useRef, useState } from "react";

import { strings } from "./strings";

type Props = {
  label: string;
  /** The positions the thumbs can take: 0 ... steps (a value per position, shown by `format`). */
  steps: number;
  format: (position: number) => string;
  /** The chosen positions (null: the whole range, no filter). */
  chosen: [number, number] | null;
  onChange: (range: [number, number] | null) => void;
};

const COMMIT_AFTER_MS = 400;

/**
 * Two thumbs (two native range inputs, so keyboard and screen readers work as usual) choosing a
 * range of positions; the choice is sent once the thumbs rest, the whole range meaning "any".
 */
export function RangeSlider({ label, steps, format, chosen, onChange }: Props) {
  const [draft, setDraft] = useState<[number, number] | null>(null);
  const shown = draft ?? chosen ?? [0, steps];
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const move = (thumb: 0 | 1, position: number) => {
    const next: [number, number] = [...shown];
    next[thumb] = position;
    if (next[0] > next[1]) next[1 - thumb] = position; // thumbs push each other
    setDraft(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      onChange(next[0] === 0 && next[1] === steps ? null : next);
      setDraft(null);
    }, COMMIT_AFTER_MS);
  };
  return (
    <div className="range">
      <div className="range-head">
        <span>{label}</span>
        <span className="muted">
          {shown[0] === 0 && shown[1] === steps ? strings.anyValue : `${format(shown[0])} – ${format(shown[1])}`}
        </span>
      </div>
      <div className="range-track">
        {([0, 1] as const).map((thumb) => (
          <input
            key={thumb}
            type="range"
            min={0}
            max={steps}
            step={1}
            value={shown[thumb]}
            aria-label={thumb === 0 ? strings.rangeFrom(label) : strings.rangeTo(label)}
            aria-valuetext={format(shown[thumb])}
            onChange={(event) => move(thumb, Number(event.target.value))}
          />
        ))}
      </div>
    </div>
  );
}
