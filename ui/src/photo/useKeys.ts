// The photo page's keyboard shortcuts (listed in the `?` overlay, shell/strings.ts).
import { useLayoutEffect } from "react";

import { isTyping } from "../shell/keyboard";

/**
 * Calls `keys[event.key]` for a key pressed outside a text field, without Ctrl, Alt or Meta. The
 * listener is in place when the page is committed (a layout effect), so a key pressed as soon as the
 * page shows is not lost.
 */
export function useKeys(keys: Record<string, () => void>) {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  useLayoutEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });
}
