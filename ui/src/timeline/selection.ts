// Which photos of the timeline are selected, as the user picks them: a click (once something is
// selected) or Ctrl/⌘-click toggles one, Shift-click adds the photos between the last one picked
// and this one, `A` selects every photo loaded, Esc clears. Pure functions over an immutable value;
// `order` is the loaded photos' ids in timeline order.

export type Selection = { ids: ReadonlySet<string>; anchor: string | null };

export const NOTHING: Selection = { ids: new Set(), anchor: null };

export function toggle(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** The photos from the anchor to `id` (either way) added; a toggle when there is no anchor in `order`. */
export function extend(selection: Selection, order: readonly string[], id: string): Selection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return toggle(selection, id);
  const ids = new Set(selection.ids);
  for (const picked of order.slice(Math.min(from, to), Math.max(from, to) + 1)) ids.add(picked);
  return { ids, anchor: id };
}

export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order.at(-1) ?? null };
}

/** What a pick does, by its modifier keys (Shift: a range; otherwise a toggle). */
export function pick(selection: Selection, order: readonly string[], id: string, shift: boolean): Selection {
  return shift ? extend(selection, order, id) : toggle(selection, id);
}
