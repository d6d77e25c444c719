// The search syntax on the client: a query (the URL's `q`) cut into its terms as the server's
// tokenizer cuts it (photonix/photos/search.py), the chips the search box shows for them, and the
// terms that suggestions and filters write. The server parses and checks the query; this module only
// cuts and joins text, so a term it does not know travels unchanged (and the server names it if wrong).

export type Term = {
  /** The term as written, e.g. `-person:"Boris Becker"`. */
  text: string;
  /** The name before the colon as written (`person`), or null for a word or a quoted name. */
  key: string | null;
  value: string;
  negated: boolean;
  quoted: boolean;
};

// As the server's `_TOKEN`: an optional `-`, an optional `name:`, then a quoted value (an unclosed
// quote runs to the end) or everything up to the next space.
const TOKEN = /(-)?(?:([A-Za-z][A-Za-z_]*):)?(?:"([^"]*)"?|(\S*))/y;
const SPACE = /\s+/y;

/** The terms of a query, in order. */
export function parseTerms(q: string): Term[] {
  const found: Term[] = [];
  let pos = 0;
  for (;;) {
    SPACE.lastIndex = pos;
    if (SPACE.exec(q)) pos = SPACE.lastIndex;
    if (pos >= q.length) return found;
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(q)!;
    const [text, neg, key, quoted, bare] = match;
    pos = TOKEN.lastIndex;
    if (!text) {
      pos += 1; // cannot happen with \S*, but never loop forever
      continue;
    }
    if (!key && !quoted && !bare && quoted === undefined) continue; // a lone "-"
    found.push({ text, key: key ?? null, value: quoted ?? bare ?? "", negated: Boolean(neg), quoted: quoted !== undefined });
  }
}

/** The query of these terms (as written). */
export function joinTerms(terms: { text: string }[]): string {
  return terms.map((term) => term.text).join(" ");
}

/** The query with `term` (a term's text) added at the end, unless it is there already. */
export function addTerm(q: string, term: string): string {
  const terms = parseTerms(q);
  return terms.some((t) => t.text === term) ? joinTerms(terms) : joinTerms([...terms, { text: term }]);
}

/** The query without its `index`-th term. */
export function removeTermAt(q: string, index: number): string {
  return joinTerms(parseTerms(q).filter((_, n) => n !== index));
}

/** Whether the query has this term (as written). */
export function hasTerm(q: string, term: string): boolean {
  return parseTerms(q).some((t) => t.text === term);
}

/** The query with `term` added, or taken out when it is there. */
export function toggleTerm(q: string, term: string): string {
  return hasTerm(q, term) ? joinTerms(parseTerms(q).filter((t) => t.text !== term)) : addTerm(q, term);
}

// The server also reads `meeteringMode:` (the original's spelling) as `meteringMode:`.
const ALIASES: Record<string, string> = { meeteringmode: "meteringmode" };

/** The canonical lower-case name of a term's key (null for words and quoted names). */
export function keyOf(term: Pick<Term, "key">): string | null {
  if (term.key === null) return null;
  const lower = term.key.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** The value of the first (not negated) `key:` term of the query, or null. */
export function valueOf(q: string, key: string): string | null {
  return parseTerms(q).find((t) => !t.negated && keyOf(t) === key.toLowerCase())?.value ?? null;
}

/**
 * The query with every `key:` term (not negated) replaced by `term` — or removed when `term` is
 * null. One filter per range or mode: a new value replaces the old, in the old one's place.
 */
export function setTerm(q: string, key: string, term: string | null): string {
  const terms = parseTerms(q);
  const matches = (t: Term) => !t.negated && keyOf(t) === key.toLowerCase();
  const first = terms.findIndex(matches);
  const kept: { text: string }[] = terms.filter((t) => !matches(t));
  if (term === null) return joinTerms(kept);
  if (first < 0) return joinTerms([...kept, { text: term }]);
  kept.splice(first, 0, { text: term });
  return joinTerms(kept);
}

/** A value as a term writes it: quoted when it holds a space (or is empty). */
export function quote(value: string): string {
  return value === "" || /\s/.test(value) || value.startsWith('"') ? `"${value}"` : value;
}

/** Kinds of names a term can name (as the suggestions and facets give them). */
export type NameKind = "person" | "place" | "album" | "object" | "color" | "style" | "event" | "tag" | "camera" | "lens";

const KEY_OF_KIND: Record<NameKind, string> = {
  person: "person",
  place: "place",
  album: "album",
  object: "tag",
  color: "tag",
  style: "tag",
  event: "tag",
  tag: "tag",
  camera: "camera",
  lens: "lens",
};

/**
 * The term for a named thing: `person:"Boris Becker"`, `place:Greece`, `tag:tree`, `camera:"Xiaomi MI 5"`.
 * A name holding `"` cannot be quoted: the id names it then (every one of these keys takes a uuid).
 */
export function termFor(kind: NameKind, name: string, id: string): string {
  const key = KEY_OF_KIND[kind];
  return `${key}:${name.includes('"') ? id : quote(name)}`;
}

/**
 * What is being typed at the end of the search box's text, for suggestions: the last term's value
 * (without its `-`, `name:` or opening quote), and the text before that term. Empty after a space.
 */
export function typedWord(text: string): { before: string; word: string; negated: boolean } {
  const terms = parseTerms(text);
  const last = terms.at(-1);
  const openQuote = last !== undefined && last.quoted && !/"$/.test(last.text.slice(last.text.indexOf('"') + 1));
  if (!last || (/\s$/.test(text) && !openQuote)) {
    return { before: text, word: "", negated: false };
  }
  const before = joinTerms(terms.slice(0, -1));
  return { before, word: last.value, negated: last.negated };
}
