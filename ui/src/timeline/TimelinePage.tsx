import { useQueryClient } from "@tanstack/react-query";
import { ImageOff, SearchX } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { isTyping } from "../shell/keyboard";
import { useBulkChange, type BulkChange } from "./bulk";
import { loadedPhotoIds, timelineKeys, useMonths } from "./data";
import { Grid } from "./Grid";
import type { MonthCount } from "./layout";
import { NOTHING, pick, selectAll, type Selection } from "./selection";
import { SelectionBar } from "./SelectionBar";
import { strings } from "./strings";
import "./selection.css";

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
      <SelectableGrid library={library} q={q} months={months.data} />
    </>
  );
}

type Notice = { text: string; undo?: () => void };
const NOTICE_MS = 10_000;

/**
 * The grid with its selection (cleared with every new query: this component is keyed by it) and
 * the bulk changes of the selection bar, each one API call; their outcome shows as a notice (with
 * Undo for a deletion). Keys: `A` selects every loaded photo, Esc clears, 0–5 rate, Delete deletes.
 */
function SelectableGrid({ library, q, months }: { library: string; q: string; months: MonthCount[] }) {
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [notice, setNotice] = useState<Notice | null>(null);
  const bulk = useBulkChange(library);
  const order = useCallback(() => loadedPhotoIds(queryClient, library, q, months), [queryClient, library, q, months]);
  const onPick = useCallback((id: string, shift: boolean) => setSelection((s) => pick(s, shift ? order() : [], id, shift)), [order]);

  const run = (ids: string[], change: BulkChange) =>
    bulk.mutate(
      { ids, change },
      {
        onSuccess: ({ changed }) => {
          const undo = change.action === "delete" ? () => run(ids, { action: "restore" }) : undefined;
          setNotice({ text: strings.done(change, changed), undo });
          setSelection(NOTHING);
        },
      },
    );
  const act = (change: BulkChange) => run([...selection.ids], change);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as Element | null;
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(target) || target?.closest("dialog")) return;
      const selecting = selection.ids.size > 0;
      if (event.key === "a" || event.key === "A") setSelection(selectAll(order()));
      else if (event.key === "Escape" && selecting) setSelection(NOTHING);
      else if (/^[0-5]$/.test(event.key) && selecting && !bulk.isPending) act({ action: "rate", rating: Number(event.key) });
      else if (event.key === "Delete" && selecting && !bulk.isPending) act({ action: "delete" });
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selection, order, act, bulk.isPending]);

  return (
    <>
      {selection.ids.size > 0 && (
        <SelectionBar
          library={library}
          count={selection.ids.size}
          busy={bulk.isPending}
          error={bulk.error?.message ?? null}
          onChange={act}
          onClear={() => setSelection(NOTHING)}
        />
      )}
      <Grid library={library} q={q} months={months} selected={selection.ids} onPick={onPick} />
      {notice && (
        <div className="notice" role="status">
          <span>{notice.text}</span>
          {notice.undo && (
            <button type="button" onClick={notice.undo}>
              {strings.undo}
            </button>
          )}
        </div>
      )}
    </>
  );
}
