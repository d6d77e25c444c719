import { describe, expect, it } from "vitest";

import { NOTHING, extend, pick, selectAll, toggle } from "./selection";

const ORDER = ["a", "b", "c", "d", "e"];
const ids = (selection: { ids: ReadonlySet<string> }) => [...selection.ids].sort();

describe("selection", () => {
  it("toggles one photo at a time", () => {
    const one = toggle(NOTHING, "b");
    expect(ids(one)).toEqual(["b"]);
    expect(ids(toggle(one, "d"))).toEqual(["b", "d"]);
    expect(ids(toggle(toggle(one, "d"), "b"))).toEqual(["d"]);
    expect(NOTHING.ids.size).toBe(0); // never changed in place
  });

  it("adds the range from the last photo picked, in either direction, keeping what was selected", () => {
    const start = toggle(toggle(NOTHING, "a"), "b");
    expect(ids(extend(start, ORDER, "d"))).toEqual(["a", "b", "c", "d"]);
    const back = extend(toggle(NOTHING, "e"), ORDER, "c");
    expect(ids(back)).toEqual(["c", "d", "e"]);
    expect(back.anchor).toBe("c");
  });

  it("toggles when there is nothing to extend from (no anchor, or one no longer loaded)", () => {
    expect(ids(extend(NOTHING, ORDER, "c"))).toEqual(["c"]);
    expect(ids(extend({ ids: new Set(["x"]), anchor: "x" }, ORDER, "c"))).toEqual(["c", "x"]);
  });

  it("selects every loaded photo, and picks by modifier", () => {
    expect(ids(selectAll(ORDER))).toEqual(ORDER);
    expect(ids(pick(toggle(NOTHING, "a"), ORDER, "c", true))).toEqual(["a", "b", "c"]);
    expect(ids(pick(toggle(NOTHING, "a"), ORDER, "c", false))).toEqual(["a", "c"]);
  });
});
