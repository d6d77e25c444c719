import { useQueryClient } from "@tanstack/react-query";
import { ImageOff, SearchX } from "lucide-react";
import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { timelineKeys, useMonths } from "./data";
import { Grid } from "./Grid";
import { strings } from "./strings";

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
  const total = months.data?.reduce((sum, m) => sum + m.count, 0);

  // New photos (an import running) change the counts: then the months' photos are fetched again too.
  const seenTotal = useRef(total);
  useEffect(() => {
    if (seenTotal.current !== undefined && total !== undefined && seenTotal.current !== total) {
      void queryClient.invalidateQueries({ queryKey: timelineKeys.photos(library, q) });
    }
    seenTotal.current = total;
  }, [queryClient, library, q, total]);

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
      <Grid library={library} q={q} months={months.data} />
    </>
  );
}
