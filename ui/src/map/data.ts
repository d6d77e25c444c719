// Server state of the map: the tile settings, the located photos of a search, the country outlines.
import { useQuery } from "@tanstack/react-query";
import type { FeatureCollection } from "geojson";

import { api, call } from "../api/client";

export function useMapSettings() {
  return useQuery({ queryKey: ["map", "settings"], queryFn: () => call(api.GET("/api/v1/map/settings")), staleTime: Infinity });
}

export function useMapPoints(library: string, q: string) {
  return useQuery({
    queryKey: ["map", "points", library, q],
    queryFn: () =>
      call(api.GET("/api/v1/libraries/{library_id}/map", { params: { path: { library_id: library }, query: { q } } })),
  });
}

/** The countries' outlines (GeoJSON), drawn when there are no tiles. */
export async function fetchOutlines(): Promise<FeatureCollection> {
  return (await call(api.GET("/api/v1/map/countries"))) as unknown as FeatureCollection;
}

export type Points = { ids: string[]; latitudes: number[]; longitudes: number[] };
