// User-facing text of the processing screen.
export const strings = {
  screen: "Processing",
  welcomeTitle: "Photonix is importing your photos",
  welcomeText: "They appear in the timeline as their thumbnails are made; analysis carries on in the background.",
  toTimeline: "Open the timeline",
};
