// User-facing text shared by every screen (each feature keeps its own in its strings.ts).
export const strings = {
  retry: "Try again",
  loading: "Loading…",
  unknownError: "Something went wrong.",
  notFoundTitle: "There is nothing here",
  notFoundText: "The address may be mistyped, or the page was moved.",
  crashTitle: "This page failed to show",
  reload: "Reload",
  /** Each classifier's name and speed (the first-run wizard, settings and processing screens). */
  classifiers: {
    color: ["Colours", "fast"],
    location: ["Places (from the photo's GPS position)", "fast"],
    event: ["Events (holidays and seasons)", "fast"],
    face: ["Faces (people)", "medium"],
    style: ["Style", "medium"],
    object: ["Objects", "slow"],
  } as Record<string, [string, string]>,
};
