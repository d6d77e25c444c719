// The facets of a search (GET /libraries/{id}/facets): what its photos have, with counts.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, call } from "../api/client";
import { setTerm } from "./query";

/** The range filters of the panel: the term's key, and the facet that bounds it. */
export const RANGE_KEYS = ["aperture", "exposure", "isoSpeed", "focalLength", "rating"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export function useFacets(library: string, q: string) {
  return useQuery({
    queryKey: ["facets", library, q],
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/facets", { params: { path: { library_id: library }, query: { q } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The query without its range terms: the facets of this one bound the sliders, so that a range
 * already chosen can be widened again (the facets of the query itself only span the chosen range).
 */
export function withoutRanges(q: string): string {
  return RANGE_KEYS.reduce((rest, key) => setTerm(rest, key, null), q);
}
