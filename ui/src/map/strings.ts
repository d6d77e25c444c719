// User-facing text of the map.
const numberFormat = new Intl.NumberFormat();

export const strings = {
  title: "Map",
  label: "Map of the photos",
  located: (count: number) => `${numberFormat.format(count)} ${count === 1 ? "photo" : "photos"} with a position`,
  noneTitle: "No photo here has a position",
  noneText: "Photos taken with GPS on show up on the map.",
  noMatchTitle: (q: string) => `No photo with a position matches “${q}”`,
  clearSearch: "Clear the search",
  badSearchTitle: "The search cannot be read",
  noLibraryTitle: "You have no library yet",
  noLibraryText: "Ask the owner of a library to add you as a member.",
  openPhoto: "Open the photo",
  outlinesNote: "Map tiles are off or unreachable: showing the country outlines.",
};
