// User-facing text of the albums page.
const numberFormat = new Intl.NumberFormat();

export const strings = {
  title: "Albums",
  photos: (count: number) => `${numberFormat.format(count)} ${count === 1 ? "photo" : "photos"}`,
  emptyTitle: "No albums yet",
  emptyText: "Select photos in the timeline, then choose “Add to album” and type a new name: the album is made.",
  noLibraryTitle: "You have no library yet",
};
