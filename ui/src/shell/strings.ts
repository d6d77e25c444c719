// User-facing text of the app shell (header, navigation, shortcuts).
export const strings = {
  appName: "Photonix",
  home: "Photonix, timeline",
  search: "Search",
  searchPlaceholder: "Search photos",
  clearSearch: "Clear search",
  library: "Library",
  navigation: "Main",
  nav: {
    timeline: "Timeline",
    albums: "Albums",
    people: "People",
    map: "Map",
    processing: "Processing",
    settings: "Settings",
  },
  account: "Account",
  signOut: "Sign out",
  theme: { system: "Theme: follows the system", light: "Theme: light", dark: "Theme: dark" },
  shortcutsTitle: "Keyboard shortcuts",
  shortcutsHint: "Press ? to see the keyboard shortcuts",
  close: "Close",
  noLibraryTitle: "You have no library yet",
  noLibraryText: "Ask the owner of a library to add you as a member.",
  processing: (remaining: string) => `Processing: ${remaining} left`,
};

/** The keyboard shortcuts that work now, as the `?` overlay lists them. */
export const shortcuts: { keys: string[]; where: string; action: string }[] = [
  { keys: ["/"], where: "anywhere", action: "Focus the search box" },
  { keys: ["?"], where: "anywhere", action: "Show this list" },
  { keys: ["Esc"], where: "dialogs, photo", action: "Close" },
  { keys: ["←", "→"], where: "photo", action: "Previous / next photo in the current search" },
  { keys: ["↑", "↓", "Home", "End"], where: "date scrubber", action: "Previous / next month, newest / oldest" },
  { keys: ["↑", "↓", "Enter", "Tab"], where: "search box", action: "Choose and accept a suggestion" },
  { keys: ["Backspace"], where: "empty search box", action: "Remove the last search term" },
  { keys: ["A"], where: "timeline", action: "Select every photo loaded" },
  { keys: ["Ctrl-click", "Shift-click"], where: "timeline", action: "Select one more photo / a range" },
  { keys: ["Esc"], where: "timeline", action: "Clear the selection" },
  { keys: ["0–5"], where: "selection", action: "Rate the selected photos (0 clears)" },
  { keys: ["Delete"], where: "selection", action: "Delete the selected photos (with undo)" },
];
