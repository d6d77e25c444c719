// User-facing text of the timeline.
const monthFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "long", timeZone: "UTC" });
const numberFormat = new Intl.NumberFormat();

export const strings = {
  title: "Timeline",
  /** "July 2018" for "2018-07" (months are UTC, as the server counts them). */
  month: (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
  photos: (count: number) => `${numberFormat.format(count)} ${count === 1 ? "photo" : "photos"}`,
  emptyTitle: "No photos yet",
  emptyText: "Photos appear here as Photonix imports them from the library's folders.",
  noMatchTitle: (q: string) => `Nothing matches “${q}”`,
  noMatchText: "Check the spelling, or",
  clearSearch: "clear the search",
  badSearchTitle: "The search cannot be read",
  noLibraryTitle: "You have no library yet",
  noLibraryText: "Ask the owner of a library to add you as a member.",
  scrubber: "Jump to a month",
};
