// Server state shared by several screens: one query key and one hook per route.
import { useQuery } from "@tanstack/react-query";

import { api, call } from "./client";

export const keys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
  libraries: ["libraries"] as const,
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
