import { describe, expect, it } from "vitest";

import { personPhotosUrl, personQuery } from "./query";

describe("personQuery", () => {
  it("quotes the name", () => {
    expect(personQuery({ id: "abc", name: "Boris Becker" })).toBe('person:"Boris Becker"');
  });
  it("uses the id when the name holds a quote", () => {
    expect(personQuery({ id: "0b6c", name: 'Bob "the builder"' })).toBe("person:0b6c");
  });
  it("makes a timeline URL that survives reading it back", () => {
    const url = personPhotosUrl({ id: "x", name: "Zoë & Anna" });
    expect(url.startsWith("/?q=")).toBe(true);
    expect(new URLSearchParams(url.slice(2)).get("q")).toBe('person:"Zoë & Anna"');
  });
});
