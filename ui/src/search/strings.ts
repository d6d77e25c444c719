// User-facing text of the search box, its chips and suggestions, and the filter panel.
import type { NameKind } from "./query";

const numberFormat = new Intl.NumberFormat();

/** What a chip says before a term's value, by the term's key (lower case). */
const KEY_LABELS: Record<string, string> = {
  tag: "Tag",
  person: "Person",
  place: "Place",
  album: "Album",
  camera: "Camera",
  lens: "Lens",
  aperture: "Aperture",
  focallength: "Focal length",
  isospeed: "ISO",
  rating: "Rating",
  exposure: "Exposure",
  flash: "Flash",
  meteringmode: "Metering",
  drivemode: "Drive mode",
  shootingmode: "Shooting mode",
  from: "From",
  to: "To",
  has: "Has",
  type: "Type",
  id: "Photo",
};

export const kindLabels: Record<NameKind, string> = {
  person: "Person",
  place: "Place",
  album: "Album",
  object: "Object",
  color: "Colour",
  style: "Style",
  event: "Event",
  tag: "Tag",
  camera: "Camera",
  lens: "Lens",
};

export const strings = {
  suggestions: "Suggestions",
  /** A chip's text: `Person: Boris Becker`, `Not: tree`, or the word itself. */
  chip: (key: string | null, value: string, negated: boolean, quoted: boolean) => {
    const label = key === null ? (quoted ? "Tag" : null) : (KEY_LABELS[key] ?? key);
    const text = label ? `${label}: ${value}` : value;
    return negated ? `Not ${text}` : text;
  },
  removeChip: (chip: string) => `Remove “${chip}” from the search`,
  count: (n: number) => numberFormat.format(n),
  // The filter panel.
  filters: "Filters",
  closeFilters: "Close the filters",
  noFacets: "No photos match: nothing to filter.",
  facetGroups: {
    generic: "Tags",
    object: "Objects",
    location: "Places",
    color: "Colours",
    style: "Styles",
    event: "Events",
    people: "People",
    album: "Albums",
    cameras: "Cameras",
    lenses: "Lenses",
  },
  ranges: {
    aperture: "Aperture (f/)",
    exposure: "Exposure (s)",
    isoSpeed: "ISO",
    focalLength: "Focal length (mm)",
    rating: "Rating (stars)",
  },
  rangeFrom: (label: string) => `${label}, from`,
  rangeTo: (label: string) => `${label}, to`,
  anyValue: "Any",
  showAll: (n: number) => `Show all ${numberFormat.format(n)}`,
  showFewer: "Show fewer",
  flash: "Flash",
  flashOn: "On",
  flashOff: "Off",
  modes: { meteringMode: "Metering mode", driveMode: "Drive mode", shootingMode: "Shooting mode" },
  tooManyExposures: (max: number) => `At most ${max} exposure times at once: narrow the range.`,
};
