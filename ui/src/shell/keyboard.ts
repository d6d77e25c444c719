// Shortcuts that work on every screen: `/` focuses the search box, `?` shows the shortcuts.
import { useEffect } from "react";

/** Whether a key press belongs to a text field (then it is typing, not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useGlobalShortcuts(actions: { focusSearch: () => void; showShortcuts: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "/") {
        event.preventDefault();
        actions.focusSearch();
      } else if (event.key === "?") {
        event.preventDefault();
        actions.showShortcuts();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);
}
