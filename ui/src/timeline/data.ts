// The timeline's server state: the month counts (the grid's geometry) and, per month, the photos
// of that month (its tiles), fetched only for the months on screen. A month's photos start with
// `?month=YYYY-MM` and go on with the cursor, so jumping to the oldest month of a huge library
// costs one request, not every page in between.
import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";

import { api, call } from "../api/client";
import { useProcessingSummary } from "../api/queries";
import type { PhotoItem } from "../api/types";
import type { MonthCount } from "./layout";

const PAGE_SIZE = 200;
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
    queryFn: () =>
      call(api.GET("/api/v1/libraries/{library_id}/timeline", { params: { path: { library_id: library }, query: { q } } })),
    refetchInterval: remaining ? BUSY_REFRESH_MS : IDLE_REFRESH_MS,
  });
}

/** The UTC month ("2018-07") a photo is counted in: that of its sort time, as the server does. */
export function monthOf(photo: Pick<PhotoItem, "sort_at">): string {
  return new Date(photo.sort_at).toISOString().slice(0, 7);
}

/** The photos of one month, in list order, fetched until at least `needed` of them are loaded. */
export function useMonthPhotos(library: string, q: string, month: string, count: number, needed: number) {
  const query = useInfiniteQuery({
    queryKey: [...timelineKeys.photos(library, q), month],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/api/v1/libraries/{library_id}/photos", {
          params: {
            path: { library_id: library },
            query: pageParam
              ? { q, limit: PAGE_SIZE, cursor: pageParam }
              : { q, limit: Math.min(PAGE_SIZE, Math.max(1, count)), month },
          },
        }),
      ),
    // A page that reached an older month was the month's last.
    getNextPageParam: (page) => (page.items.at(-1) && monthOf(page.items.at(-1)!) === month ? page.next_cursor : null),
  });
  const photos = useMemo(
    () => (query.data?.pages ?? []).flatMap((page) => page.items).filter((photo) => monthOf(photo) === month),
    [query.data, month],
  );
  const { hasNextPage, isFetching, isError, fetchNextPage } = query;
  useEffect(() => {
    if (photos.length < needed && hasNextPage && !isFetching && !isError) void fetchNextPage({ cancelRefetch: false });
  }, [photos.length, needed, hasNextPage, isFetching, isError, fetchNextPage]);
  return { photos, error: query.error, retry: () => void query.refetch() };
}

/** The ids of the photos loaded so far, in timeline order (what `A` selects, and Shift-click ranges over). */
export function loadedPhotoIds(queryClient: QueryClient, library: string, q: string, months: MonthCount[]): string[] {
  return months.flatMap(({ month }) => {
    const data = queryClient.getQueryData<InfiniteData<{ items: PhotoItem[] }>>([...timelineKeys.photos(library, q), month]);
    return (data?.pages ?? []).flatMap((page) => page.items).filter((photo) => monthOf(photo) === month).map((photo) => photo.id);
  });
}
