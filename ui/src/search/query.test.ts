import { describe, expect, it } from "vitest";

import {
  addTerm,
  hasTerm,
  joinTerms,
  parseTerms,
  quote,
  removeTermAt,
  setTerm,
  termFor,
  toggleTerm,
  typedWord,
  valueOf,
} from "./query";

describe("parseTerms", () => {
  it("cuts a query into terms as the server does: keys, quotes, negation", () => {
    const terms = parseTerms('tree  -person:"Boris Becker" from:2018-07-03T12:30 "New York" -has:gps');
    expect(terms.map((t) => [t.key, t.value, t.negated, t.quoted])).toEqual([
      [null, "tree", false, false],
      ["person", "Boris Becker", true, true],
      ["from", "2018-07-03T12:30", false, false],
      [null, "New York", false, true],
      ["has", "gps", true, false],
    ]);
    expect(terms.map((t) => t.text)).toEqual(["tree", '-person:"Boris Becker"', "from:2018-07-03T12:30", '"New York"', "-has:gps"]);
  });

  it("runs an unclosed quote to the end and skips a lone minus and surrounding spaces", () => {
    expect(parseTerms('  - place:"New Yo')).toEqual([{ text: 'place:"New Yo', key: "place", value: "New Yo", negated: false, quoted: true }]);
    expect(parseTerms("")).toEqual([]);
    expect(parseTerms("   ")).toEqual([]);
  });

  it("gives the query back unchanged but for spacing", () => {
    const terms = ['album:"Summer 2018"', "rating:>=4", "exposure:1/250-1/125"];
    expect(joinTerms(parseTerms(`  ${terms.join("   ")} `))).toBe(terms.join(" "));
  });
});

describe("changing terms", () => {
  it("adds a term once, removes one by position, toggles", () => {
    expect(addTerm("tree", "place:Greece")).toBe("tree place:Greece");
    expect(addTerm("tree place:Greece", "place:Greece")).toBe("tree place:Greece");
    expect(removeTermAt('tree person:"Boris Becker" 2018', 1)).toBe("tree 2018");
    expect(toggleTerm("tree", "flash:on")).toBe("tree flash:on");
    expect(toggleTerm("tree flash:on", "flash:on")).toBe("tree");
    expect(hasTerm('a person:"B C"', 'person:"B C"')).toBe(true);
    expect(hasTerm("a", "-a")).toBe(false);
  });

  it("keeps one term per range or mode: a new value replaces the old in its place", () => {
    expect(setTerm("tree aperture:2-4 2018", "aperture", "aperture:1.8-2.8")).toBe("tree aperture:1.8-2.8 2018");
    expect(setTerm("tree", "aperture", "aperture:1.8-2.8")).toBe("tree aperture:1.8-2.8");
    expect(setTerm("aperture:2-4 tree aperture:5", "aperture", null)).toBe("tree");
    // The key is case-insensitive, the original's spelling counts, and an exclusion is another filter.
    expect(setTerm("meeteringMode:Spot isospeed:100", "meteringMode", "meteringMode:Average")).toBe("meteringMode:Average isospeed:100");
    expect(setTerm("-flash:on", "flash", "flash:off")).toBe("-flash:on flash:off");
    expect(valueOf("isoSpeed:100-800 tree", "isospeed")).toBe("100-800");
    expect(valueOf("-flash:on", "flash")).toBe(null);
  });
});

describe("terms for names", () => {
  it("names people, places, albums, cameras and lenses by key, other tags by tag:, quoting spaces", () => {
    expect(termFor("person", "Boris Becker", "id")).toBe('person:"Boris Becker"');
    expect(termFor("place", "Greece", "id")).toBe("place:Greece");
    expect(termFor("album", "Holidays", "id")).toBe("album:Holidays");
    expect(termFor("object", "potted plant", "id")).toBe('tag:"potted plant"');
    expect(termFor("color", "Blue", "id")).toBe("tag:Blue");
    expect(termFor("camera", "Xiaomi MI 5", "id")).toBe('camera:"Xiaomi MI 5"');
  });

  it("names a thing by its id when its name holds a double quote (a quoted value cannot)", () => {
    expect(termFor("album", 'The "best" ones', "0f8e")).toBe("album:0f8e");
    expect(quote('"x')).toBe('""x"');
    expect(quote("")).toBe('""');
  });

  it("every term it writes reads back as one term with that key and value", () => {
    for (const name of ["Boris Becker", "Firá", "a:b", "x-y", "tab\there"]) {
      const [term, ...rest] = parseTerms(termFor("person", name, "id"));
      expect(rest).toEqual([]);
      expect([term!.key, term!.value]).toEqual(["person", name]);
    }
  });
});

describe("typedWord", () => {
  it("is the value of the last term being typed, with the text before it", () => {
    expect(typedWord("tree gre")).toEqual({ before: "tree", word: "gre", negated: false });
    expect(typedWord("-bor")).toEqual({ before: "", word: "bor", negated: true });
    expect(typedWord('person:"Boris B')).toEqual({ before: "", word: "Boris B", negated: false });
  });

  it("is empty once a space ends the word (but not inside an open quote)", () => {
    expect(typedWord("tree ")).toEqual({ before: "tree ", word: "", negated: false });
    expect(typedWord('"Boris ')).toEqual({ before: "", word: "Boris ", negated: false });
    expect(typedWord('"Boris" ')).toEqual({ before: '"Boris" ', word: "", negated: false });
    expect(typedWord("")).toEqual({ before: "", word: "", negated: false });
  });
});
