// Light and dark themes: the system's choice unless the user picked one (kept in the browser).
// styles.css reads `data-theme` on <html>; without it, `color-scheme: light dark` follows the system.
import { useEffect, useState } from "react";

import { loadSetting, saveSetting } from "../common/storage";

export type Theme = "system" | "light" | "dark";
const ORDER: Theme[] = ["system", "light", "dark"];

function storedTheme(): Theme {
  const value = loadSetting("theme");
  return value === "light" || value === "dark" ? value : "system";
}

export function applyTheme(theme: Theme) {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** The current theme and a function that switches to the next one (system → light → dark). */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  useEffect(() => {
    applyTheme(theme);
    saveSetting("theme", theme === "system" ? null : theme);
  }, [theme]);
  const next = () => setTheme((current) => ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] ?? "system");
  return [theme, next];
}
