// Changes to the selected photos: each one API call (POST /photos/bulk), after which every list that
// may show them is fetched again (the grid, the month counts, facets, albums, suggestions).
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, call } from "../api/client";
import type { components } from "../api/schema";

export type BulkChange = Omit<components["schemas"]["BulkIn"], "photo_ids">;

/** The query keys (prefixes) of what shows a library's photos. */
const SHOWING_PHOTOS = ["photos", "timeline", "facets", "albums", "suggestions"];

export function useBulkChange(library: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, change }: { ids: string[]; change: BulkChange }) =>
      call(api.POST("/api/v1/photos/bulk", { body: { photo_ids: ids, ...change } })),
    onSuccess: () =>
      Promise.all(SHOWING_PHOTOS.map((key) => queryClient.invalidateQueries({ queryKey: [key, library] }))),
  });
}
