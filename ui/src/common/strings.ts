// User-facing text shared by every screen (each feature keeps its own in its strings.ts).
export const strings = {
  retry: "Try again",
  loading: "Loading…",
  unknownError: "Something went wrong.",
  notBuiltTitle: (screen: string) => `${screen} is not built yet`,
  notBuiltText: "This screen will come in a later version of the web UI. Everything else keeps working.",
  notFoundTitle: "There is nothing here",
  notFoundText: "The address may be mistyped, or the page was moved.",
  crashTitle: "This page failed to show",
  reload: "Reload",
};
