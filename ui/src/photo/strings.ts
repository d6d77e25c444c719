// User-facing text of the photo page.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
const megabytes = new Intl.NumberFormat(undefined, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const coordinate = new Intl.NumberFormat(undefined, { maximumFractionDigits: 5 });
const percent = new Intl.NumberFormat(undefined, { style: "percent" });

export const strings = {
  back: "Back to the timeline",
  previous: "Previous photo",
  next: "Next photo",
  rotateLeft: "Rotate left",
  rotateRight: "Rotate right",
  showInfo: "Show information",
  hideInfo: "Hide information",
  download: "Download the original",
  zoomIn: "Zoom in",
  zoomOut: "Fit to the screen",
  info: "Photo information",
  changeFailed: (message: string) => `The change was not saved: ${message}`,
  // Rating
  rating: "Rating",
  stars: (n: number) => (n === 1 ? "1 star" : `${n} stars`),
  clearRating: "Clear the rating",
  // Sections, in the panel's order
  taken: "Taken",
  noDate: "Date unknown",
  place: "Place",
  coordinates: (latitude: number, longitude: number) => `${coordinate.format(latitude)}, ${coordinate.format(longitude)}`,
  map: (latitude: number, longitude: number) => `Map: the photo was taken at ${coordinate.format(latitude)}, ${coordinate.format(longitude)}`,
  altitude: (metres: number) => `${number.format(metres)} m above sea level`,
  camera: "Camera",
  lens: "Lens",
  exposure: "Exposure",
  aperture: (f: number) => `ƒ/${number.format(f)}`,
  shutter: (value: string) => `${value} s`,
  iso: (value: number) => `ISO ${value}`,
  focalLength: (mm: number) => `${number.format(mm)} mm`,
  flash: (on: boolean) => (on ? "Flash" : "No flash"),
  modes: "Modes",
  takenBy: "Taken by",
  people: "People",
  objects: "Objects",
  colours: "Colours",
  colour: (name: string, significance: number | null) =>
    significance === null ? name : `${name} (${percent.format(significance)})`,
  styles: "Style",
  events: "Events",
  tags: "Tags",
  albums: "Albums",
  addTag: "Add a tag",
  addAlbum: "Add to an album",
  add: "Add",
  removeTag: (name: string) => `Remove ${name}`,
  files: "Files",
  shownFile: "The file shown",
  fileSize: (bytes: number, width: number | null, height: number | null) =>
    `${megabytes.format(bytes / 1_000_000)}${width && height ? ` · ${width} × ${height}` : ""}`,
  downloadFile: (name: string) => `Download ${name}`,
  allMetadata: "All metadata",
  loadingMetadata: "Reading the file…",
  // Faces
  showBoxes: "Show the faces and objects",
  hideBoxes: "Hide the faces and objects",
  faceName: "Name",
  nameFace: (name: string) => `Name this face (now ${name})`,
  unnamed: (name: string) => `${name} (not verified)`,
  verifyFace: (name: string) => `Yes, this is ${name}`,
  blockFace: "Not a face, or nobody to name",
  unblockFace: "Show this face again",
  date: (iso: string) => dateFormat.format(new Date(iso)),
  notFoundTitle: "This photo does not exist",
  notFoundText: "It may have been deleted, or it is in a library you are not a member of.",
};
