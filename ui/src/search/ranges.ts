// The filter panel's sliders: numbers as slider positions, and a range term's value as positions.

/** A range of numbers from `min` to `max` in `step`s, as slider positions. */
export function numericScale(min: number, max: number, step: number) {
  const decimals = step < 1 ? 1 : 0;
  const low = Math.floor(min / step) * step;
  const steps = Math.max(0, Math.round((Math.ceil(max / step) * step - low) / step));
  const value = (position: number) => Number((low + position * step).toFixed(decimals));
  const position = (v: number) => Math.min(steps, Math.max(0, Math.round((v - low) / step)));
  return { steps, value, position };
}

/** The slider positions of a range term's value (`2.8-5.6`, or one number); null for none or another form. */
export function chosenRange(value: string | null, position: (v: number) => number): [number, number] | null {
  const match = value?.match(/^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/);
  if (!match) return null;
  const low = Number(match[1]);
  return [position(low), position(match[2] === undefined ? low : Number(match[2]))];
}
