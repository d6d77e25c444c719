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
  { keys: ["[", "]"], where: "photo", action: "Rotate left / right" },
  { keys: ["0", "…", "5"], where: "photo", action: "Rating (0 clears it)" },
  { keys: ["i"], where: "photo", action: "Show or hide the information" },
  { keys: ["+", "-"], where: "photo", action: "Zoom in / fit to the screen (also the wheel, a pinch, a double click)" },
  { keys: ["↑", "↓", "Home", "End"], where: "date scrubber", action: "Previous / next month, newest / oldest" },
];
