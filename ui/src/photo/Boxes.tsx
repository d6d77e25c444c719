import { Ban, Check, Eye } from "lucide-react";
import { useId, useState } from "react";

import type { PhotoDetail, PhotoTag } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { boxRect } from "./boxes";
import { usePeople } from "../people/data";
import { NameEditor } from "../people/NameEditor";
import { useFaceChange } from "./data";
import { strings } from "./strings";

function rectStyle(tag: PhotoTag, rotation: number) {
  const rect = boxRect(tag.box!, rotation);
  return { left: `${rect.left * 100}%`, top: `${rect.top * 100}%`, width: `${rect.width * 100}%`, height: `${rect.height * 100}%` };
}

/**
 * The photo's face and object boxes, placed on the turned photo (boxes.ts). Faces are dashed until
 * verified, solid once verified, faint when blocked; each has its name, which a click turns into a
 * field (Enter saves, Esc cancels; suggestions are the library's named people: a new name makes a new
 * person), a tick to verify it and a button to block it.
 */
export function Boxes({ photo, q }: { photo: PhotoDetail; q: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  const people = usePeople(photo.library_id, editing !== null);
  const change = useFaceChange(photo.id, q);
  const listId = useId();
  const faces = photo.tags.people.filter((f) => f.box);
  const objects = photo.tags.objects.filter((o) => o.box);

  return (
    <div className="boxes">
      {objects.map((object) => (
        <div key={object.id} className="box object" style={rectStyle(object, photo.rotation)}>
          <span className="box-label">{object.name}</span>
        </div>
      ))}
      {faces.map((face) => (
        <div
          key={face.id}
          className={`box face${face.verified ? " verified" : ""}${face.deleted ? " blocked" : ""}`}
          style={rectStyle(face, photo.rotation)}
          data-testid="face-box"
        >
          <div className="box-label">
            {editing === face.id ? (
              <NameEditor
                initial={face.verified ? face.name : ""}
                label={strings.faceName}
                list={listId}
                onSave={(name) => {
                  setEditing(null);
                  if (name && name !== face.name) change.mutate({ face, change: { name } });
                }}
                onCancel={() => setEditing(null)}
              />
            ) : face.deleted ? (
              <button type="button" className="icon" aria-label={strings.unblockFace} title={strings.unblockFace} onClick={() => change.mutate({ face, change: { blocked: false } })}>
                <Eye aria-hidden="true" />
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="face-name"
                  aria-label={strings.nameFace(face.name)}
                  title={face.verified ? undefined : strings.notVerified}
                  onClick={() => setEditing(face.id)}
                >
                  {face.verified ? face.name : strings.unnamed(face.name)}
                </button>
                {!face.verified && (
                  <button type="button" className="icon" aria-label={strings.verifyFace(face.name)} title={strings.verifyFace(face.name)} onClick={() => change.mutate({ face, change: { verified: true } })}>
                    <Check aria-hidden="true" />
                  </button>
                )}
                <button type="button" className="icon" aria-label={strings.blockFace} title={strings.blockFace} onClick={() => change.mutate({ face, change: { blocked: true } })}>
                  <Ban aria-hidden="true" />
                </button>
              </>
            )}
          </div>
        </div>
      ))}
      <datalist id={listId}>
        {people.data?.filter((p) => p.named).map((p) => <option key={p.id} value={p.name} />)}
      </datalist>
      {change.error && <ErrorMessage error={change.error} />}
    </div>
  );
}
