// The Leaflet map of the photos (this module, Leaflet and markercluster load only on the map
// page): clustered markers, a click opens the photo. Tiles come from the server's MAP_TILE_URL;
// without one, or as soon as a tile fails to load, the map draws the country outlines that
// Photonix serves instead, so that it stays useful offline.
import L from "leaflet";
import "leaflet.markercluster";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import type { FeatureCollection } from "geojson";

import type { Points } from "./data";

type Options = {
  tileUrl: string | null;
  attribution: string;
  markerTitle: string;
  loadOutlines: () => Promise<FeatureCollection>;
  onOutlines: () => void;
  onOpen: (photoId: string) => void;
};

const WORLD: L.LatLngBoundsExpression = [
  [-60, -170],
  [75, 190],
];
/** Closest zoom when fitting the markers: a single photo is shown with its town around it, or,
 * without tiles, with its country (the outlines are too coarse to show more). */
const MAX_FIT_ZOOM = 12;
const MAX_FIT_ZOOM_OUTLINES = 5;
const MAX_ZOOM = 19;

export type PhotoMap = { show: (points: Points) => void; destroy: () => void };

export function createPhotoMap(element: HTMLElement, options: Options): PhotoMap {
  // maxZoom on the map itself: markercluster needs it, and without tiles no layer gives one.
  const map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: MAX_ZOOM }).fitBounds(WORLD);
  let outlines: Promise<void> | null = null;
  let removed = false; // the page was left: what arrives later is dropped
  let maxFitZoom = MAX_FIT_ZOOM;
  const drawOutlines = () => {
    maxFitZoom = MAX_FIT_ZOOM_OUTLINES;
    outlines ??= options
      .loadOutlines()
      .then((collection) => {
        if (removed) return;
        L.geoJSON(collection, {
          interactive: false,
          style: { className: "map-country", weight: 1, fillOpacity: 1 },
        }).addTo(map);
        options.onOutlines();
      })
      .catch(() => {
        outlines = null; // asked again at the next failed tile (the markers do not need them)
      });
  };
  if (options.tileUrl) {
    L.tileLayer(options.tileUrl, { attribution: options.attribution, maxZoom: MAX_ZOOM })
      .on("tileerror", drawOutlines)
      .addTo(map);
  } else {
    element.classList.add("map-offline");
    drawOutlines();
  }

  const icon = L.divIcon({ className: "map-photo", iconSize: [18, 18] });
  const clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
  map.addLayer(clusters);

  return {
    show(points) {
      clusters.clearLayers();
      const markers = points.ids.flatMap((id, i) => {
        const [latitude, longitude] = [points.latitudes[i], points.longitudes[i]];
        if (latitude === undefined || longitude === undefined) return [];
        const marker = L.marker([latitude, longitude], { icon, title: options.markerTitle });
        marker.on("click", () => options.onOpen(id));
        marker.on("keypress", (event) => {
          const key = (event as L.LeafletKeyboardEvent).originalEvent.key;
          if (key === "Enter" || key === " ") options.onOpen(id);
        });
        return marker;
      });
      clusters.addLayers(markers);
      if (markers.length) map.fitBounds(clusters.getBounds(), { maxZoom: maxFitZoom, padding: [32, 32] });
    },
    destroy() {
      removed = true;
      clusters.clearLayers();
      map.remove();
    },
  };
}
