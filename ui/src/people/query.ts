// The search that finds a person's photos, for links to the timeline.

/** `person:"Boris Becker"`; by id when the name cannot be quoted (it contains a `"`). */
export function personQuery(person: { id: string; name: string }): string {
  return person.name.includes('"') ? `person:${person.id}` : `person:"${person.name}"`;
}

/** The timeline's URL for a person's photos. */
export function personPhotosUrl(person: { id: string; name: string }): string {
  return `/?${new URLSearchParams({ q: personQuery(person) })}`;
}
