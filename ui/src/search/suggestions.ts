// The search box's suggestions: what the library has whose name contains the typed word
// (GET /libraries/{id}/suggestions), asked for once typing pauses.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { api, call } from "../api/client";

const TYPING_PAUSE_MS = 150;

/** `value`, once it has stayed the same for `ms` milliseconds. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useSuggestions(library: string | undefined, word: string) {
  const text = useSettled(word.trim(), TYPING_PAUSE_MS);
  return useQuery({
    queryKey: ["suggestions", library, text],
    enabled: library !== undefined && text !== "",
    queryFn: () =>
      call(api.GET("/api/v1/libraries/{library_id}/suggestions", { params: { path: { library_id: library! }, query: { text } } })),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
