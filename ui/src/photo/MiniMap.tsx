import { strings } from "./strings";

const WIDTH = 240;
const HEIGHT = 120;
const GRATICULE = [-120, -60, 0, 60, 120];

/**
 * Where the photo was taken, on a small world map drawn here (equirectangular, a 30° grid, the
 * equator and the Greenwich meridian): no tile server, so it works offline.
 */
export function MiniMap({ latitude, longitude }: { latitude: number; longitude: number }) {
  const x = ((longitude + 180) / 360) * WIDTH;
  const y = ((90 - latitude) / 180) * HEIGHT;
  return (
    <svg className="minimap" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={strings.map(latitude, longitude)}>
      <rect width={WIDTH} height={HEIGHT} className="minimap-sea" />
      {GRATICULE.map((lon) => (
        <line key={`m${lon}`} x1={((lon + 180) / 360) * WIDTH} x2={((lon + 180) / 360) * WIDTH} y1={0} y2={HEIGHT} className={lon === 0 ? "minimap-main" : "minimap-grid"} />
      ))}
      {[-60, -30, 0, 30, 60].map((lat) => (
        <line key={`p${lat}`} x1={0} x2={WIDTH} y1={((90 - lat) / 180) * HEIGHT} y2={((90 - lat) / 180) * HEIGHT} className={lat === 0 ? "minimap-main" : "minimap-grid"} />
      ))}
      <circle cx={x} cy={y} r={4} className="minimap-dot" />
    </svg>
  );
}
