// Preferences kept in the browser (localStorage), under one prefix; a browser that refuses
// storage (private mode) just does not remember them.
const PREFIX = "photonix.";

export function loadSetting(name: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + name);
  } catch {
    return null;
  }
}

export function saveSetting(name: string, value: string | null) {
  try {
    if (value === null) window.localStorage.removeItem(PREFIX + name);
    else window.localStorage.setItem(PREFIX + name, value);
  } catch {
    // Not remembered: nothing else to do.
  }
}
