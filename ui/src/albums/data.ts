// The library's albums (GET /libraries/{id}/albums): the albums page and the selection's album picker.
import { useQuery } from "@tanstack/react-query";

import { api, call } from "../api/client";
import { termFor } from "../search/query";

export const albumKeys = { all: (library: string) => ["albums", library] as const };

export function useAlbums(library: string) {
  return useQuery({
    queryKey: albumKeys.all(library),
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/albums", { params: { path: { library_id: library } } })),
  });
}

/** The timeline of an album: its search, `album:"Name"`, in the URL. */
export function albumUrl(album: { id: string; name: string }): string {
  return `/?${new URLSearchParams({ q: termFor("album", album.name, album.id) })}`;
}
