import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ChevronLeft, ChevronRight } from "lucide-react";
import { useCallback, useEffect, useRef } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";

import { ApiError, api, call } from "../api/client";
import type { PhotoDetail } from "../api/types";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { previewUrl } from "../common/thumbnails";
import { isTyping } from "../shell/keyboard";
import { useElementBox } from "../common/useElementBox";
import { fitRotated } from "./fit";
import { strings } from "./strings";

const PREVIEW = 1920;

function photoQuery(id: string, q: string) {
  return {
    queryKey: ["photo", id, q],
    queryFn: () => call(api.GET("/api/v1/photos/{photo_id}", { params: { path: { photo_id: id }, query: { q } } })),
  };
}

/** The preview's own size: the photo's, scaled down to the preview's longest side. */
function previewSize(photo: PhotoDetail): [number, number] {
  const { width, height } = photo;
  if (!width || !height) return [0, 0];
  const scale = Math.min(1, PREVIEW / Math.max(width, height));
  return [Math.round(width * scale), Math.round(height * scale)];
}

/**
 * `/photos/{id}?q=`: the 1920 preview, turned by the user's rotation, with ←/→ through the
 * photos of the search and Esc back to where the user came from. (Zoom, editing, boxes and the
 * full info panel come with the photo screen.)
 */
export function PhotoPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  const search = q ? `?q=${encodeURIComponent(q)}` : "";
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const detail = useQuery(photoQuery(id, q));
  const photo = detail.data;

  const go = useCallback(
    (to: string | null | undefined) => to && navigate({ pathname: `/photos/${to}`, search }, { replace: true }),
    [navigate, search],
  );
  // Back to the timeline where it was (its scroll position is restored), or to it when opened directly.
  const back = useCallback(
    () => (location.key !== "default" ? navigate(-1) : navigate({ pathname: "/", search })),
    [location.key, navigate, search],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "ArrowLeft") go(photo?.previous_id);
      else if (event.key === "ArrowRight") go(photo?.next_id);
      else if (event.key === "Escape") back();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, back, photo]);

  // The neighbours are fetched ahead, with their previews, so ←/→ show them at once.
  useEffect(() => {
    for (const neighbour of [photo?.previous_id, photo?.next_id]) {
      if (!neighbour) continue;
      void queryClient.prefetchQuery(photoQuery(neighbour, q)).then(() => {
        const next = queryClient.getQueryData<PhotoDetail>(["photo", neighbour, q]);
        const url = next && previewUrl(next.thumbnails, PREVIEW);
        if (url) new Image().src = url;
      });
    }
  }, [queryClient, photo, q]);

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <EmptyState title={strings.notFoundTitle}>{strings.notFoundText}</EmptyState>;
  }
  if (detail.error) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!photo) return <Loading />;
  return <Viewer photo={photo} search={search} onBack={back} />;
}

function Viewer({ photo, search, onBack }: { photo: PhotoDetail; search: string; onBack: () => void }) {
  const stage = useRef<HTMLDivElement>(null);
  const box = useElementBox(stage);
  const base = photo.files.find((f) => f.is_base) ?? photo.files[0];
  const name = base?.file_name ?? "";
  const url = previewUrl(photo.thumbnails, PREVIEW);
  const [width, height] = previewSize(photo);
  const size = fitRotated(width, height, box.width, box.height, photo.rotation);
  const neighbour = (to: string | null, label: string, Icon: typeof ChevronLeft) =>
    to ? (
      <Link to={{ pathname: `/photos/${to}`, search }} replace className="button icon" aria-label={label}>
        <Icon aria-hidden="true" />
      </Link>
    ) : (
      <button type="button" className="icon" aria-label={label} disabled>
        <Icon aria-hidden="true" />
      </button>
    );

  return (
    <div className="viewer">
      <div className="viewer-bar">
        <button type="button" className="icon" aria-label={strings.back} onClick={onBack}>
          <ArrowLeft aria-hidden="true" />
        </button>
        <h1 className="viewer-title">{name}</h1>
        {neighbour(photo.previous_id, strings.previous, ChevronLeft)}
        {neighbour(photo.next_id, strings.next, ChevronRight)}
      </div>
      <div className="viewer-stage" ref={stage}>
        {url && (
          <img
            key={photo.id}
            src={url}
            alt={name}
            decoding="async"
            width={size.width || undefined}
            height={size.height || undefined}
            style={{ backgroundColor: photo.tags.colors[0]?.hex ?? undefined, transform: `rotate(${photo.rotation}deg)` }}
          />
        )}
      </div>
      <dl className="viewer-info" aria-label={strings.info}>
        <dt>{strings.taken}</dt>
        <dd>{photo.taken_at ? strings.date(photo.taken_at) : strings.noDate}</dd>
        {photo.camera && (
          <>
            <dt>{strings.camera}</dt>
            <dd>
              {photo.camera.make} {photo.camera.model}
            </dd>
          </>
        )}
        {base && (
          <>
            <dt>{strings.file}</dt>
            <dd className="path">{base.path}</dd>
            <dd>{strings.size(base.bytes, photo.width, photo.height)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
