import { Download } from "lucide-react";
import type { ReactNode } from "react";

import type { PhotoDetail, PhotoFile, PhotoTag } from "../api/types";
import { AllMetadata } from "./AllMetadata";
import { MiniMap } from "./MiniMap";
import { Rating } from "./Rating";
import { strings } from "./strings";
import { TagEditor } from "./TagEditor";
import { TagLink, TagList } from "./TagList";

type Props = {
  photo: PhotoDetail;
  onRate: (rating: number) => void;
  onChooseFile: (fileId: string) => void;
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="info-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Tags of one type as links, under a title; nothing when the photo has none. */
function TagSection({ title, tags }: { title: string; tags: PhotoTag[] }) {
  return tags.length > 0 ? (
    <Section title={title}>
      <TagList tags={tags} />
    </Section>
  ) : null;
}

/** "ƒ/2.8 · 1/250 s · ISO 100 · 35 mm · No flash": the exposure values the photo has. */
function exposure(photo: PhotoDetail): string {
  return [
    photo.aperture !== null && strings.aperture(photo.aperture),
    photo.exposure && strings.shutter(photo.exposure),
    photo.iso_speed !== null && strings.iso(photo.iso_speed),
    photo.focal_length !== null && strings.focalLength(photo.focal_length),
    photo.flash !== null && strings.flash(photo.flash),
  ]
    .filter(Boolean)
    .join(" · ");
}

function downloadUrl(photo: PhotoDetail, file: PhotoFile): string {
  return `${photo.download_url}?${new URLSearchParams({ file_id: file.id })}`;
}

/**
 * The information panel, in the order of UI.md: rating; date and place (with a small map); camera and
 * exposure; people, objects, colours, style, events; tags and albums (editable); the files (the one
 * shown can be chosen when there are several, each downloaded); every value of the file's metadata.
 */
export function InfoPanel({ photo, onRate, onChooseFile }: Props) {
  const { tags } = photo;
  const base = photo.files.find((f) => f.is_base) ?? photo.files[0];
  const modes = [photo.metering_mode, photo.drive_mode, photo.shooting_mode].filter(Boolean).join(" · ");
  const settings = exposure(photo);
  const people = tags.people.filter((f) => !f.deleted);
  const hasPosition = photo.latitude !== null && photo.longitude !== null;
  return (
    <aside className="photo-info" aria-label={strings.info}>
      <Rating rating={photo.rating ?? 0} onRate={onRate} />

      <Section title={strings.taken}>
        <p>{photo.taken_at ? strings.date(photo.taken_at) : strings.noDate}</p>
        {tags.locations.length > 0 && <TagList tags={tags.locations} />}
        {hasPosition && (
          <>
            <MiniMap latitude={photo.latitude!} longitude={photo.longitude!} />
            <p className="muted">
              {strings.coordinates(photo.latitude!, photo.longitude!)}
              {photo.altitude !== null && ` · ${strings.altitude(photo.altitude)}`}
            </p>
          </>
        )}
      </Section>

      {(photo.camera || photo.lens || settings || modes) && (
        <Section title={strings.camera}>
          {photo.camera && <p>{`${photo.camera.make} ${photo.camera.model}`}</p>}
          {photo.lens && <p>{`${strings.lens}: ${photo.lens.name}`}</p>}
          {settings && <p>{settings}</p>}
          {modes && <p className="muted">{modes}</p>}
          {photo.taken_by && <p className="muted">{`${strings.takenBy}: ${photo.taken_by}`}</p>}
        </Section>
      )}

      {people.length > 0 && (
        <Section title={strings.people}>
          <ul className="tag-list">
            {people.map((face) => (
              <li key={face.id} className={`chip${face.verified ? "" : " unverified"}`}>
                <TagLink tag={face} label={face.verified ? face.name : strings.unnamed(face.name)} />
              </li>
            ))}
          </ul>
        </Section>
      )}
      <TagSection title={strings.objects} tags={tags.objects} />
      {tags.colors.length > 0 && (
        <Section title={strings.colours}>
          <ul className="swatches">
            {tags.colors.map((colour) => (
              <li key={colour.id}>
                <span className="swatch" style={{ backgroundColor: colour.hex ?? undefined }} aria-hidden="true" />
                <TagLink tag={colour} label={strings.colour(colour.name, colour.significance)} />
              </li>
            ))}
          </ul>
        </Section>
      )}
      <TagSection title={strings.styles} tags={tags.styles} />
      <TagSection title={strings.events} tags={tags.events} />
      <Section title={strings.tags}>
        <TagEditor photoId={photo.id} tags={tags.generic} type="generic" label={strings.addTag} />
      </Section>
      <Section title={strings.albums}>
        <TagEditor photoId={photo.id} tags={tags.albums} type="album" label={strings.addAlbum} />
      </Section>

      <Section title={strings.files}>
        <ul className="files">
          {photo.files.map((file) => (
            <li key={file.id}>
              {photo.files.length > 1 && (
                <input
                  type="radio"
                  name={`shown-file-${photo.id}`}
                  aria-label={`${strings.shownFile}: ${file.file_name}`}
                  checked={file.is_base}
                  onChange={() => onChooseFile(file.id)}
                />
              )}
              <div>
                <p className="path">{file.path}</p>
                <p className="muted">{strings.fileSize(file.bytes, file.width, file.height)}</p>
              </div>
              <a className="button icon" href={downloadUrl(photo, file)} download aria-label={strings.downloadFile(file.file_name)} title={strings.downloadFile(file.file_name)}>
                <Download aria-hidden="true" />
              </a>
            </li>
          ))}
        </ul>
      </Section>
      {base && <AllMetadata key={base.id} photoId={photo.id} fileId={base.id} />}
    </aside>
  );
}
