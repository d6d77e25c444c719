// User-facing text of the photo page.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
const bytesFormat = new Intl.NumberFormat(undefined, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });

export const strings = {
  back: "Back to the timeline",
  previous: "Previous photo",
  next: "Next photo",
  info: "Photo information",
  taken: "Taken",
  noDate: "Date unknown",
  camera: "Camera",
  file: "File",
  date: (iso: string) => dateFormat.format(new Date(iso)),
  size: (bytes: number, width: number | null, height: number | null) =>
    `${bytesFormat.format(bytes / 1_000_000)}${width && height ? ` · ${width} × ${height}` : ""}`,
  notFoundTitle: "This photo does not exist",
  notFoundText: "It may have been deleted, or it is in a library you are not a member of.",
};
