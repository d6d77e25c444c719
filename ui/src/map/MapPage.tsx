import { MapPinOff, SearchX } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { fetchOutlines, useMapPoints, useMapSettings } from "./data";
import { createPhotoMap, type PhotoMap } from "./photoMap";
import { strings } from "./strings";
import "./map.css";

/** `/map?q=`: the active library's photos matching `q` that have a GPS position, clustered. */
export function MapPage() {
  const { library } = useActiveLibrary();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  if (!library) return <EmptyState title={strings.noLibraryTitle}>{strings.noLibraryText}</EmptyState>;
  return <PhotosMap library={library.id} q={q} />;
}

function PhotosMap({ library, q }: { library: string; q: string }) {
  const navigate = useNavigate();
  const settings = useMapSettings();
  const points = useMapPoints(library, q);
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<PhotoMap | null>(null);
  const [outlines, setOutlines] = useState(false);
  const search = q ? `?${new URLSearchParams({ q })}` : "";

  // A marker opens its photo within the current search (the photo page's ←/→ follow it).
  const open = useRef<(id: string) => void>(() => {});
  useEffect(() => {
    open.current = (id) => void navigate({ pathname: `/photos/${id}`, search });
  }, [navigate, search]);
  // The map is made once the settings are known, and kept while the search changes.
  useEffect(() => {
    if (!settings.data || !element.current) return;
    map.current = createPhotoMap(element.current, {
      tileUrl: settings.data.tile_url ?? null,
      attribution: settings.data.attribution,
      markerTitle: strings.openPhoto,
      loadOutlines: fetchOutlines,
      onOutlines: () => setOutlines(true),
      onOpen: (id) => open.current(id),
    });
    return () => {
      map.current?.destroy();
      map.current = null;
    };
  }, [settings.data]);
  useEffect(() => {
    if (points.data) map.current?.show(points.data);
  }, [points.data, settings.data]);

  const error = settings.error ?? points.error;
  const count = points.data?.ids.length;
  return (
    <div className="map-page">
      <h1 className="visually-hidden">{strings.title}</h1>
      {error instanceof ApiError && error.status === 422 ? (
        <EmptyState icon={<SearchX aria-hidden="true" />} title={strings.badSearchTitle}>
          {error.message} <Link to="/map">{strings.clearSearch}</Link>.
        </EmptyState>
      ) : error ? (
        <ErrorMessage error={error} onRetry={() => void Promise.all([settings.refetch(), points.refetch()])} />
      ) : null}
      {(!settings.data || !points.data) && !error && <Loading />}
      {count === 0 && (
        <div className="map-notice">
          <EmptyState icon={q ? <SearchX aria-hidden="true" /> : <MapPinOff aria-hidden="true" />} title={q ? strings.noMatchTitle(q) : strings.noneTitle}>
            {q ? <Link to="/map">{strings.clearSearch}</Link> : strings.noneText}
          </EmptyState>
        </div>
      )}
      <div ref={element} className="map" role="region" aria-label={strings.label} />
      <p className="map-status muted" role="status">
        {[count ? strings.located(count) : "", outlines ? strings.outlinesNote : ""].filter(Boolean).join(" · ")}
      </p>
    </div>
  );
}
