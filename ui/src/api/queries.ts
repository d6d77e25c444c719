// Server state shared by several screens: one query key and one hook per route.
import { useQuery } from "@tanstack/react-query";

import { api, call } from "./client";

export const keys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
  libraries: ["libraries"] as const,
  /** Every processing query of a library (the header's summary, the processing screen's pages). */
  processing: (library: string | undefined) => ["processing", library] as const,
};

/** The signed-in user (a 401 means nobody is signed in). */
export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => call(api.GET("/api/v1/me")), retry: false });
}

/** Whether the instance still needs its first run, and which classifiers it can switch. */
export function useSetup() {
  return useQuery({ queryKey: keys.setup, queryFn: () => call(api.GET("/api/v1/setup")) });
}

export function useLibraries() {
  return useQuery({ queryKey: keys.libraries, queryFn: () => call(api.GET("/api/v1/libraries")) });
}

/** How often the processing state is asked for while work remains (and when idle: work can start
 * from elsewhere, the folder watcher or another user). */
export const BUSY_POLL_MS = 4_000;
const IDLE_POLL_MS = 20_000;

/** The photos still waiting for a step of the pipeline: the longest queue of any (unpaused) step. */
export function remainingWork(steps: { pending: number; running: number; paused: boolean }[]): number {
  return Math.max(0, ...steps.filter((s) => !s.paused).map((s) => s.pending + s.running));
}

/** The library's processing summary (no failure rows), polled: often while work remains. */
export function useProcessingSummary(library: string | undefined) {
  return useQuery({
    queryKey: [...keys.processing(library), "summary"],
    enabled: library !== undefined,
    queryFn: () =>
      call(api.GET("/api/v1/libraries/{library_id}/processing", { params: { path: { library_id: library! }, query: { limit: 0 } } })),
    select: (data) => remainingWork(data.steps),
    refetchInterval: (query) => (query.state.data && remainingWork(query.state.data.steps) ? BUSY_POLL_MS : IDLE_POLL_MS),
  });
}
