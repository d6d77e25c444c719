import { describe, expect, it } from "vitest";

import { coverUrl, previewUrl } from "./thumbnails";

const THUMBNAILS = {
  "3840x3840_contain_q75": "/t/3840",
  "256x256_cover_q50": "/t/256",
  "1920x1920_contain_q80": "/t/1920",
};

describe("thumbnail choice", () => {
  it("takes the square one for tiles and the smallest big-enough one for previews", () => {
    expect(coverUrl(THUMBNAILS)).toBe("/t/256");
    expect(previewUrl(THUMBNAILS, 1920)).toBe("/t/1920");
    expect(previewUrl(THUMBNAILS, 2500)).toBe("/t/3840");
    expect(previewUrl(THUMBNAILS, 9999)).toBe("/t/3840");
  });

  it("copes with a photo that has no thumbnails yet", () => {
    expect(coverUrl({})).toBeUndefined();
    expect(previewUrl({}, 1920)).toBeUndefined();
  });
});
