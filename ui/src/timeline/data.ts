// The timeline's server state: month counts (the grid's geometry) and pages of photos (its tiles).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import { api, call } from "../api/client";
import { useProcessingSummary } from "../api/queries";
import type { PhotoItem } from "../api/types";

export const PAGE_SIZE = 200;
/** The counts are asked for again this often while photos may still arrive (an import), and when idle. */
const BUSY_REFRESH_MS = 5_000;
const IDLE_REFRESH_MS = 60_000;

export const timelineKeys = {
  months: (library: string, q: string) => ["timeline", library, q] as const,
  photos: (library: string, q: string) => ["photos", library, q] as const,
};

export function useMonths(library: string, q: string) {
  const { data: remaining } = useProcessingSummary(library);
  return useQuery({
    queryKey: timelineKeys.months(library, q),
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/timeline", { params: { path: { library_id: library }, query: { q } } })),
    refetchInterval: remaining ? BUSY_REFRESH_MS : IDLE_REFRESH_MS,
  });
}

export function usePhotoPages(library: string, q: string) {
  return useInfiniteQuery({
    queryKey: timelineKeys.photos(library, q),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/api/v1/libraries/{library_id}/photos", {
          params: { path: { library_id: library }, query: { q, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.next_cursor,
  });
}

/** The UTC month ("2018-07") a photo is counted in: that of its sort time, as the server does. */
export function monthOf(photo: Pick<PhotoItem, "sort_at">): string {
  return new Date(photo.sort_at).toISOString().slice(0, 7);
}

/** The loaded photos of each month, in list order: a tile at position k of a month shows the k-th. */
export function groupByMonth(photos: Iterable<PhotoItem>): Map<string, PhotoItem[]> {
  const months = new Map<string, PhotoItem[]>();
  for (const photo of photos) {
    const month = monthOf(photo);
    const list = months.get(month);
    if (list) list.push(photo);
    else months.set(month, [photo]);
  }
  return months;
}

export function useLoadedPhotos(pages: { items: PhotoItem[] }[] | undefined) {
  return useMemo(() => {
    const items = (pages ?? []).flatMap((page) => page.items);
    return { count: items.length, byMonth: groupByMonth(items) };
  }, [pages]);
}
