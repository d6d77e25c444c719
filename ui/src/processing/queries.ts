// The processing screen's server state: the library's progress with a page of failures and of
// rejected files (polled every few seconds), retrying failures, pausing a classifier.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, call } from "../api/client";
import { BUSY_POLL_MS, keys } from "../api/queries";
import type { components } from "../api/schema";

export type Step = components["schemas"]["StepOut"];
export type Processing = components["schemas"]["ProcessingOut"];

/** Failures (and rejected files) per page. */
export const PAGE_SIZE = 20;

/** The screen's state, polled every few seconds while it is open (not only while work remains: work
 * starts from elsewhere too, and the screen is where one watches it). */
export function useProcessing(library: string, failuresOffset: number, rejectedOffset: number) {
  return useQuery({
    queryKey: [...keys.processing(library), "page", failuresOffset, rejectedOffset],
    queryFn: () =>
      call(
        api.GET("/api/v1/libraries/{library_id}/processing", {
          params: {
            path: { library_id: library },
            query: { limit: PAGE_SIZE, failures_offset: failuresOffset, rejected_offset: rejectedOffset },
          },
        }),
      ),
    // While another page loads, the previous page stays on screen (never another library's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === library ? previous : undefined),
    refetchInterval: BUSY_POLL_MS,
  });
}

/** Send the failed steps again: those of `step`, or every failed step when it is undefined. */
export function useRetry(library: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (step?: string) =>
      call(api.POST("/api/v1/libraries/{library_id}/processing/retry", { params: { path: { library_id: library } }, body: { step } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.processing(library) }),
  });
}

/**
 * Switch a classifier on or off for the library (owners). Off is "paused": new photos skip it;
 * switching it on sends every photo it skipped through it. The settings screen uses it too.
 */
export function useClassifierSwitch(library: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ classifier, on }: { classifier: string; on: boolean }) =>
      call(
        api.PATCH("/api/v1/libraries/{library_id}/processing", {
          params: { path: { library_id: library } },
          body: { classifier, paused: !on },
        }),
      ),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.processing(library) }),
        queryClient.invalidateQueries({ queryKey: keys.libraries }),
      ]),
  });
}
