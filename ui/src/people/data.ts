// Server state of the People screens: the library's people, a person's faces, and the changes
// (naming, merging, moving a face). Every change refreshes the people, their faces and the photos
// (whose tags show people's names).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, call } from "../api/client";
import type { components } from "../api/schema";

export type Person = components["schemas"]["PersonOut"];
export type Face = components["schemas"]["FaceOut"];

/** The most faces a person's page shows (the API's largest page). */
export const FACES_SHOWN = 500;

export const peopleKeys = {
  all: ["people"] as const,
  list: (library: string) => ["people", "list", library] as const,
  faces: (person: string) => ["people", "faces", person] as const,
};

/** The library's people, named first (also the suggestions when naming a face on the photo page:
 * ``enabled`` false until then). */
export function usePeople(library: string, enabled = true) {
  return useQuery({
    queryKey: peopleKeys.list(library),
    enabled,
    queryFn: () => call(api.GET("/api/v1/libraries/{library_id}/people", { params: { path: { library_id: library } } })),
  });
}

export function usePersonFaces(person: string) {
  return useQuery({
    queryKey: peopleKeys.faces(person),
    queryFn: () =>
      call(
        api.GET("/api/v1/people/{person_id}/faces", {
          params: { path: { person_id: person }, query: { limit: FACES_SHOWN } },
        }),
      ),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
      queryClient.invalidateQueries({ queryKey: ["photo"] }),
      queryClient.invalidateQueries({ queryKey: ["timeline"] }),
      queryClient.invalidateQueries({ queryKey: ["photos"] }),
    ]);
}

/** Name or rename a person (a name another person has merges the two: the answer is that person).
 * The new name shows at once (optimistic) and is put right if the server refuses it. */
export function useNamePerson(library: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ person, name }: { person: string; name: string }) =>
      call(api.PATCH("/api/v1/people/{person_id}", { params: { path: { person_id: person } }, body: { name } })),
    onMutate: async ({ person, name }) => {
      await queryClient.cancelQueries({ queryKey: peopleKeys.list(library) });
      queryClient.setQueryData<Person[]>(peopleKeys.list(library), (people) =>
        people?.map((p) => (p.id === person ? { ...p, name, named: true } : p)),
      );
    },
    onSettled: refresh,
  });
}

/** Move every face of `from` to `into`; `from` is gone afterwards. */
export function useMergePeople() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ from, into }: { from: string; into: string }) =>
      call(api.POST("/api/v1/people/{person_id}/merge", { params: { path: { person_id: from } }, body: { into } })),
    onSettled: refresh,
  });
}

/** Give one face to the person called `name` (an existing one, or a new one). */
export function useMoveFace() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ face, name }: { face: string; name: string }) =>
      call(api.PATCH("/api/v1/faces/{photo_tag_id}", { params: { path: { photo_tag_id: face } }, body: { name } })),
    onSettled: refresh,
  });
}
