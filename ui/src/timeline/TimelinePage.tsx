import { useQueryClient } from "@tanstack/react-query";
import { ImageOff, SearchX } from "lucide-react";
import { useCallback, useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { timelineKeys, useLoadedPhotos, useMonths, usePhotoPages } from "./data";
import { Grid } from "./Grid";
import { strings } from "./strings";

/** How many photos past the last one on screen are loaded ahead. */
const LOAD_AHEAD = 60;

/** `/`: the active library's photos matching `q` (from the URL), newest first. */
export function TimelinePage() {
  const { library } = useActiveLibrary();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  if (!library) {
    return <EmptyState title={strings.noLibraryTitle}>{strings.noLibraryText}</EmptyState>;
  }
  return <Timeline key={`${library.id} ${q}`} library={library.id} q={q} />;
}

function Timeline({ library, q }: { library: string; q: string }) {
  const queryClient = useQueryClient();
  const months = useMonths(library, q);
  const pages = usePhotoPages(library, q);
  const loaded = useLoadedPhotos(pages.data?.pages);
  const total = months.data?.reduce((sum, m) => sum + m.count, 0);

  // New photos (an import running) change the counts: then the pages are fetched again too.
  const seenTotal = useRef(total);
  useEffect(() => {
    if (seenTotal.current !== undefined && total !== undefined && seenTotal.current !== total) {
      void queryClient.invalidateQueries({ queryKey: timelineKeys.photos(library, q) });
    }
    seenTotal.current = total;
  }, [queryClient, library, q, total]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = pages;
  const onReach = useCallback(
    (index: number) => {
      if (index + LOAD_AHEAD > loaded.count && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
    },
    [loaded.count, hasNextPage, isFetchingNextPage, isError, fetchNextPage],
  );

  if (months.error instanceof ApiError && months.error.status === 422) {
    return (
      <EmptyState icon={<SearchX aria-hidden="true" />} title={strings.badSearchTitle}>
        {months.error.message} <Link to="/">{strings.clearSearch}</Link>.
      </EmptyState>
    );
  }
  if (months.error) return <ErrorMessage error={months.error} onRetry={() => void months.refetch()} />;
  if (!months.data) return <Loading />;
  if (total === 0) {
    return q ? (
      <EmptyState icon={<SearchX aria-hidden="true" />} title={strings.noMatchTitle(q)}>
        {strings.noMatchText} <Link to="/">{strings.clearSearch}</Link>.
      </EmptyState>
    ) : (
      <EmptyState icon={<ImageOff aria-hidden="true" />} title={strings.emptyTitle}>
        {strings.emptyText}
      </EmptyState>
    );
  }
  return (
    <>
      <h1 className="visually-hidden">{strings.title}</h1>
      {pages.error && <ErrorMessage error={pages.error} onRetry={() => void pages.refetch()} />}
      <Grid months={months.data} byMonth={loaded.byMonth} search={q ? `?q=${encodeURIComponent(q)}` : ""} onReach={onReach} />
    </>
  );
}
