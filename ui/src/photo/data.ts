// The photo screen's server state: the photo (with its neighbours in the search), its changes,
// its tags and faces, and a file's metadata (the library's people come from people/data).
// Rating, rotation and face naming are optimistic: the screen, and the timeline's tiles, show them
// at once, and go back if the server refuses.
import { useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";

import { api, call } from "../api/client";
import type { FacePatch, PhotoDetail, PhotoItem, PhotoPage, PhotoPatch, PhotoTag } from "../api/types";

export const photoKeys = {
  all: (id: string) => ["photo", id] as const,
  detail: (id: string, q: string) => ["photo", id, q] as const,
  metadata: (id: string, fileId: string) => ["photo", id, "metadata", fileId] as const,
};

export function photoQuery(id: string, q: string) {
  return {
    queryKey: photoKeys.detail(id, q),
    queryFn: () => call(api.GET("/api/v1/photos/{photo_id}", { params: { path: { photo_id: id }, query: { q } } })),
  };
}

export function usePhoto(id: string, q: string) {
  return useQuery(photoQuery(id, q));
}

/** The timeline's cached tiles of photo `id` changed as `change` says (its pages stay as they are). */
function changeTiles(queryClient: QueryClient, id: string, change: Partial<PhotoItem>) {
  queryClient.setQueriesData<InfiniteData<PhotoPage>>({ queryKey: ["photos"] }, (data) =>
    data?.pages
      ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((p) => (p.id === id ? { ...p, ...change } : p)) })) }
      : data,
  );
}

/** After a change: the lists (which may now hold the photo or not) are asked for again when shown. */
function listsChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["photos"] });
  void queryClient.invalidateQueries({ queryKey: ["timeline"] });
}

/**
 * Rate, rotate or choose the file shown (PATCH /photos/{id}). Changes of one photo are sent one after
 * the other, each computed from what the screen shows, so fast key presses add up in order.
 */
export function usePhotoChange(id: string, q: string) {
  const queryClient = useQueryClient();
  const key = photoKeys.detail(id, q);
  const mutationKey = ["photo-change", id];
  return useMutation({
    mutationKey,
    scope: { id: `photo-${id}` },
    mutationFn: (change: PhotoPatch) =>
      call(api.PATCH("/api/v1/photos/{photo_id}", { params: { path: { photo_id: id }, query: { q } }, body: change })),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<PhotoDetail>(key);
      const shown: Partial<PhotoItem> = {};
      if (change.rating !== undefined) shown.rating = change.rating;
      if (change.rotation !== undefined) shown.rotation = change.rotation;
      queryClient.setQueryData<PhotoDetail>(key, (old) => old && { ...old, ...shown });
      changeTiles(queryClient, id, shown);
      return { before };
    },
    onError: (_error, _change, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSuccess: (photo) => {
      // A later change still on its way would be undone on screen by this answer: its own answer comes.
      if (queryClient.isMutating({ mutationKey }) <= 1) queryClient.setQueryData(key, photo);
    },
    onSettled: () => listsChanged(queryClient),
  });
}

/** Put a generic tag or an album on the photo, or take one off (the photo is asked for again). */
export function useTagChange(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { add: string; type: "generic" | "album" } | { remove: string }) =>
      "add" in change
        ? call(api.POST("/api/v1/photos/{photo_id}/tags", { params: { path: { photo_id: id } }, body: { name: change.add, type: change.type } }))
        : call(api.DELETE("/api/v1/photos/{photo_id}/tags/{tag_id}", { params: { path: { photo_id: id, tag_id: change.remove } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: photoKeys.all(id) });
      listsChanged(queryClient);
    },
  });
}

function changeFace(face: PhotoTag, change: FacePatch): PhotoTag {
  return {
    ...face,
    name: change.name ?? face.name,
    verified: change.name ? true : (change.verified ?? face.verified),
    deleted: change.blocked ?? face.deleted,
  };
}

/** Name, move, verify or block one face of the photo (PATCH /faces/{id}). */
export function useFaceChange(photoId: string, q: string) {
  const queryClient = useQueryClient();
  const key = photoKeys.detail(photoId, q);
  return useMutation({
    mutationFn: ({ face, change }: { face: PhotoTag; change: FacePatch }) =>
      call(api.PATCH("/api/v1/faces/{photo_tag_id}", { params: { path: { photo_tag_id: face.id } }, body: change })),
    onMutate: async ({ face, change }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<PhotoDetail>(key);
      queryClient.setQueryData<PhotoDetail>(
        key,
        (old) =>
          old && { ...old, tags: { ...old.tags, people: old.tags.people.map((f) => (f.id === face.id ? changeFace(f, change) : f)) } },
      );
      return { before };
    },
    onError: (_error, _change, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: photoKeys.all(photoId) });
      void queryClient.invalidateQueries({ queryKey: ["people"] });
      listsChanged(queryClient);
    },
  });
}

/** Every value exiftool reads from one of the photo's files (asked for only when shown). */
export function useMetadata(id: string, fileId: string, enabled: boolean) {
  return useQuery({
    queryKey: photoKeys.metadata(id, fileId),
    enabled,
    queryFn: () =>
      call(api.GET("/api/v1/photos/{photo_id}/metadata", { params: { path: { photo_id: id }, query: { file_id: fileId } } })),
  });
}
