// User-facing text of the timeline.
const monthFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "long", timeZone: "UTC" });
const numberFormat = new Intl.NumberFormat();

const photoCount = (count: number) => `${numberFormat.format(count)} ${count === 1 ? "photo" : "photos"}`;

export const strings = {
  title: "Timeline",
  /** "July 2018" for "2018-07" (months are UTC, as the server counts them). */
  month: (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
  photos: photoCount,
  emptyTitle: "No photos yet",
  emptyText: "Photos appear here as Photonix imports them from the library's folders.",
  noMatchTitle: (q: string) => `Nothing matches “${q}”`,
  noMatchText: "Check the spelling, or",
  clearSearch: "clear the search",
  badSearchTitle: "The search cannot be read",
  noLibraryTitle: "You have no library yet",
  noLibraryText: "Ask the owner of a library to add you as a member.",
  scrubber: "Jump to a month",
  select: (name: string) => `Select ${name}`,
  selectionTools: "Selected photos",
  clearSelection: "Clear the selection (Esc)",
  selected: (count: number) => `${numberFormat.format(count)} selected`,
  rating: "Rating",
  rate: (stars: number) => (stars === 0 ? "Clear the rating" : `Rate ${stars} ${stars === 1 ? "star" : "stars"}`),
  actions: {
    tag_add: "Add a tag",
    tag_remove: "Remove a tag",
    album_add: "Add to album",
    album_remove: "Remove from album",
    delete: "Delete",
  },
  dialogTitles: {
    tag_add: (n: number) => `Add a tag to ${photoCount(n)}`,
    tag_remove: (n: number) => `Remove a tag from ${photoCount(n)}`,
    album_add: (n: number) => `Add ${photoCount(n)} to an album`,
    album_remove: (n: number) => `Remove ${photoCount(n)} from an album`,
  },
  tagName: "Tag",
  albumName: "Album (a new name creates it)",
  cancel: "Cancel",
  undo: "Undo",
  /** What a bulk change did, for the notice after it. */
  done: ({ action, rating, name }: { action: string; rating?: number | null; name?: string | null }, n: number) => {
    const photos = photoCount(n);
    const stars = rating ?? 0;
    switch (action) {
      case "rate":
        return stars ? `${photos} rated ${stars} ${stars === 1 ? "star" : "stars"}` : `Rating cleared on ${photos}`;
      case "tag_add":
        return `Tag “${name}” added to ${photos}`;
      case "tag_remove":
        return `Tag “${name}” removed from ${photos}`;
      case "album_add":
        return `${photos} added to “${name}”`;
      case "album_remove":
        return `${photos} removed from “${name}”`;
      case "delete":
        return `${photos} deleted`;
      default:
        return `${photos} restored`;
    }
  },
};
