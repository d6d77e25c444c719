// The settings screen's server state: a library's folders and members, the user's tokens, and the
// changes to them. Each change refreshes what it changed (and the library list for name and roles).
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";

import { api, call } from "../api/client";
import { keys } from "../api/queries";

export const settingsKeys = {
  paths: (library: string) => ["libraries", library, "paths"] as const,
  members: (library: string) => ["libraries", library, "members"] as const,
  tokens: ["tokens"] as const,
};

/** A mutation that refreshes the queries under `invalidates` once it has succeeded. */
function useChange<Args, Result>(mutationFn: (args: Args) => Promise<Result>, ...invalidates: QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

const inLibrary = (library: string) => ({ path: { library_id: library } });

export function useRenameLibrary(library: string) {
  return useChange(
    (name: string) => call(api.PATCH("/api/v1/libraries/{library_id}", { params: inLibrary(library), body: { name } })),
    keys.libraries,
  );
}

export function usePaths(library: string) {
  return useQuery({
    queryKey: settingsKeys.paths(library),
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/paths", { params: inLibrary(library) })),
  });
}

export function useAddPath(library: string) {
  return useChange(
    (body: { path: string; watch: boolean }) =>
      call(api.POST("/api/v1/libraries/{library_id}/paths", { params: inLibrary(library), body })),
    settingsKeys.paths(library),
    keys.processing(library),
  );
}

export function useWatchPath(library: string) {
  return useChange(
    ({ id, watch }: { id: string; watch: boolean }) =>
      call(
        api.PATCH("/api/v1/libraries/{library_id}/paths/{path_id}", {
          params: { path: { library_id: library, path_id: id } },
          body: { watch },
        }),
      ),
    settingsKeys.paths(library),
  );
}

export function useRemovePath(library: string) {
  return useChange(
    (id: string) =>
      call(api.DELETE("/api/v1/libraries/{library_id}/paths/{path_id}", { params: { path: { library_id: library, path_id: id } } })),
    settingsKeys.paths(library),
  );
}

export function useMembers(library: string) {
  return useQuery({
    queryKey: settingsKeys.members(library),
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/members", { params: inLibrary(library) })),
  });
}

export function useAddMember(library: string) {
  return useChange(
    (body: { username: string; owner: boolean }) =>
      call(api.POST("/api/v1/libraries/{library_id}/members", { params: inLibrary(library), body })),
    settingsKeys.members(library),
  );
}

export function useSetRole(library: string) {
  return useChange(
    ({ user, owner }: { user: string; owner: boolean }) =>
      call(
        api.PATCH("/api/v1/libraries/{library_id}/members/{user_id}", {
          params: { path: { library_id: library, user_id: user } },
          body: { owner },
        }),
      ),
    settingsKeys.members(library),
    keys.libraries,
  );
}

export function useRemoveMember(library: string) {
  return useChange(
    (user: string) =>
      call(
        api.DELETE("/api/v1/libraries/{library_id}/members/{user_id}", { params: { path: { library_id: library, user_id: user } } }),
      ),
    settingsKeys.members(library),
    keys.libraries,
  );
}

export function useChangePassword() {
  return useChange((body: { old_password: string; new_password: string }) => call(api.POST("/api/v1/me/password", { body })));
}

export function useTokens() {
  return useQuery({ queryKey: settingsKeys.tokens, queryFn: () => call(api.GET("/api/v1/tokens")) });
}

export function useCreateToken() {
  return useChange(
    (body: { name: string; read_only: boolean; library_id: string | null; expires_at: string | null }) =>
      call(api.POST("/api/v1/tokens", { body })),
    settingsKeys.tokens,
  );
}

export function useRevokeToken() {
  return useChange(
    (id: string) => call(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: id } } })),
    settingsKeys.tokens,
  );
}
