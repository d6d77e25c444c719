import { useState } from "react";

import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useMetadata } from "./data";
import { strings } from "./strings";

function shown(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

/** Every value exiftool reads from the file, read only when the section is opened. */
export function AllMetadata({ photoId, fileId }: { photoId: string; fileId: string }) {
  const [open, setOpen] = useState(false);
  const metadata = useMetadata(photoId, fileId, open);
  return (
    <details className="all-metadata" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{strings.allMetadata}</summary>
      {metadata.error ? (
        <ErrorMessage error={metadata.error} onRetry={() => void metadata.refetch()} />
      ) : !metadata.data ? (
        open && <Loading label={strings.loadingMetadata} />
      ) : (
        <dl>
          {Object.entries(metadata.data.tags).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{shown(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}
