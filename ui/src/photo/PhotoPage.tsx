import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ChevronLeft, ChevronRight, Download, Info, RotateCcw, RotateCw, ScanFace } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import type { PhotoDetail } from "../api/types";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { loadSetting, saveSetting } from "../common/storage";
import { previewUrl } from "../common/thumbnails";
import { quarterTurn } from "./boxes";
import { photoKeys, photoQuery, usePhoto, usePhotoChange } from "./data";
import { InfoPanel } from "./InfoPanel";
import { PREVIEW, Stage } from "./Stage";
import { strings } from "./strings";
import { useKeys } from "./useKeys";
import "./photo.css";

/** The info panel starts open on wide screens, until the user says otherwise (kept in the browser). */
function initialInfo(): boolean {
  const saved = loadSetting("photoInfo");
  return saved === null ? window.matchMedia("(min-width: 900px)").matches : saved === "1";
}

/**
 * `/photos/{id}?q=`: the photo, zoomable, with ←/→ (and swipes) through the photos of the search
 * `q`, Esc back to where the user came from, `[`/`]` to rotate, 0-5 to rate, `i` for the info panel.
 */
export function PhotoPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  const detail = usePhoto(id, q);
  const queryClient = useQueryClient();
  const photo = detail.data;
  const search = q ? `?q=${encodeURIComponent(q)}` : "";
  const navigate = useNavigate();
  const location = useLocation();

  const go = useCallback(
    (to: string | null | undefined) => to && navigate({ pathname: `/photos/${to}`, search }, { replace: true }),
    [navigate, search],
  );
  // Back to the timeline where it was (its scroll position is restored), or to it when opened directly.
  const back = useCallback(
    () => (location.key !== "default" ? navigate(-1) : navigate({ pathname: "/", search })),
    [location.key, navigate, search],
  );
  // Esc works while the photo loads too; ←/→ once its neighbours are known.
  useKeys({
    Escape: back,
    ArrowLeft: () => go(photo?.previous_id),
    ArrowRight: () => go(photo?.next_id),
  });

  // The neighbours are fetched ahead, with their previews, so ←/→ show them at once.
  useEffect(() => {
    for (const neighbour of [photo?.previous_id, photo?.next_id]) {
      if (!neighbour) continue;
      void queryClient.prefetchQuery(photoQuery(neighbour, q)).then(() => {
        const next = queryClient.getQueryData<PhotoDetail>(photoKeys.detail(neighbour, q));
        const url = next && previewUrl(next.thumbnails, PREVIEW);
        if (url) new Image().src = url;
      });
    }
  }, [queryClient, photo?.previous_id, photo?.next_id, q]);

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <EmptyState title={strings.notFoundTitle}>{strings.notFoundText}</EmptyState>;
  }
  if (detail.error) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!photo) return <Loading />;
  return <Viewer photo={photo} q={q} search={search} go={go} back={back} />;
}

type ViewerProps = {
  photo: PhotoDetail;
  q: string;
  search: string;
  go: (to: string | null | undefined) => void;
  back: () => void;
};

function Viewer({ photo, q, search, go, back }: ViewerProps) {
  const change = usePhotoChange(photo.id, q);
  const [info, setInfo] = useState(initialInfo);
  const [boxes, setBoxes] = useState(() => loadSetting("photoBoxes") !== "0");
  const name = photo.files.find((f) => f.is_base)?.file_name ?? "";

  const rotate = (by: number) => change.mutate({ rotation: quarterTurn(photo.rotation + by) });
  const rate = (rating: number) => change.mutate({ rating });
  const toggleInfo = () =>
    setInfo((open) => {
      saveSetting("photoInfo", open ? "0" : "1");
      return !open;
    });
  const toggleBoxes = () =>
    setBoxes((shown) => {
      saveSetting("photoBoxes", shown ? "0" : "1");
      return !shown;
    });

  useKeys({
    "[": () => rotate(-90),
    "]": () => rotate(90),
    i: toggleInfo,
    ...Object.fromEntries([0, 1, 2, 3, 4, 5].map((n) => [String(n), () => rate(n)])),
  });

  const neighbour = (to: string | null, label: string, Icon: typeof ChevronLeft) =>
    to ? (
      <Link to={{ pathname: `/photos/${to}`, search }} replace className="button icon" aria-label={label} title={label}>
        <Icon aria-hidden="true" />
      </Link>
    ) : (
      <button type="button" className="icon" aria-label={label} disabled>
        <Icon aria-hidden="true" />
      </button>
    );

  return (
    <div className={`viewer${info ? " with-info" : ""}`}>
      <div className="viewer-bar">
        <button type="button" className="icon" aria-label={strings.back} title={strings.back} onClick={back}>
          <ArrowLeft aria-hidden="true" />
        </button>
        <h1 className="viewer-title">{name}</h1>
        <button type="button" className="icon" aria-label={strings.rotateLeft} title={`${strings.rotateLeft} ([)`} onClick={() => rotate(-90)}>
          <RotateCcw aria-hidden="true" />
        </button>
        <button type="button" className="icon" aria-label={strings.rotateRight} title={`${strings.rotateRight} (])`} onClick={() => rotate(90)}>
          <RotateCw aria-hidden="true" />
        </button>
        <button type="button" className="icon wide-only" aria-pressed={boxes} aria-label={boxes ? strings.hideBoxes : strings.showBoxes} title={boxes ? strings.hideBoxes : strings.showBoxes} onClick={toggleBoxes}>
          <ScanFace aria-hidden="true" />
        </button>
        <a className="button icon wide-only" href={photo.download_url} download aria-label={strings.download} title={strings.download}>
          <Download aria-hidden="true" />
        </a>
        <button type="button" className="icon" aria-expanded={info} aria-label={info ? strings.hideInfo : strings.showInfo} title={`${info ? strings.hideInfo : strings.showInfo} (i)`} onClick={toggleInfo}>
          <Info aria-hidden="true" />
        </button>
        {neighbour(photo.previous_id, strings.previous, ChevronLeft)}
        {neighbour(photo.next_id, strings.next, ChevronRight)}
      </div>
      {change.error && <ErrorMessage error={new Error(strings.changeFailed(change.error.message))} />}
      <Stage key={photo.id} photo={photo} q={q} showBoxes={boxes} onSwipe={(d) => go(d === "next" ? photo.next_id : photo.previous_id)} />
      {info && <InfoPanel photo={photo} onRate={rate} onChooseFile={(fileId) => change.mutate({ preferred_file_id: fileId })} />}
    </div>
  );
}
