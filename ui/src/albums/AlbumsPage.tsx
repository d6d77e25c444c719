import { BookImage } from "lucide-react";
import { Link } from "react-router";

import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { albumUrl, useAlbums } from "./data";
import { strings } from "./strings";
import "./albums.css";

/** `/albums`: the active library's albums as cards (cover, name, count); each opens its timeline. */
export function AlbumsPage() {
  const { library } = useActiveLibrary();
  if (!library) return <EmptyState title={strings.noLibraryTitle} />;
  return <Albums library={library.id} />;
}

function Albums({ library }: { library: string }) {
  const albums = useAlbums(library);
  if (albums.error) return <ErrorMessage error={albums.error} onRetry={() => void albums.refetch()} />;
  if (!albums.data) return <Loading />;
  if (!albums.data.length) {
    return (
      <EmptyState icon={<BookImage aria-hidden="true" />} title={strings.emptyTitle}>
        {strings.emptyText}
      </EmptyState>
    );
  }
  return (
    <section className="page albums-page">
      <h1>{strings.title}</h1>
      <ul className="album-cards">
        {albums.data.map((album) => (
          <li key={album.id}>
            <Link to={albumUrl(album)} className="album-card">
              <span className="album-cover">
                {album.cover_thumbnail_url ? (
                  <img src={album.cover_thumbnail_url} alt="" width={256} height={256} loading="lazy" decoding="async" />
                ) : (
                  <BookImage aria-hidden="true" />
                )}
              </span>
              <span className="album-name">{album.name}</span>
              <span className="muted">{strings.photos(album.count)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
