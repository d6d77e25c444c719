// Choosing among a photo's thumbnails. The API gives them as size name → URL, names as the
// server's settings make them ("256x256_cover_q50", "1920x1920_contain_q80", ...).

type Size = { name: string; width: number; crop: string; url: string };

function sizes(thumbnails: Record<string, string>): Size[] {
  return Object.entries(thumbnails)
    .map(([name, url]) => {
      const match = /^(\d+)x\d+_(\w+?)_/.exec(name);
      return { name, width: match ? Number(match[1]) : 0, crop: match?.[2] ?? "", url };
    })
    .sort((a, b) => a.width - b.width);
}

/** The smallest square (cover-cropped) thumbnail: the grid's tile. */
export function coverUrl(thumbnails: Record<string, string>): string | undefined {
  return sizes(thumbnails).find((s) => s.crop === "cover")?.url;
}

/** The smallest whole-photo thumbnail at least `width` px wide, else the largest there is. */
export function previewUrl(thumbnails: Record<string, string>, width: number): string | undefined {
  const whole = sizes(thumbnails).filter((s) => s.crop === "contain");
  return (whole.find((s) => s.width >= width) ?? whole.at(-1))?.url;
}
