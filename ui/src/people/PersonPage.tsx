import { ArrowLeft, Images, UserRound } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router";

import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { FACES_SHOWN, type Face, type Person, useMoveFace, usePeople, usePersonFaces } from "./data";
import { NameEditor } from "./NameEditor";
import { personPhotosUrl, personQuery } from "./query";
import { strings } from "./strings";
import "./people.css";

const PEOPLE_NAMES = "people-names";

/** `/people/{id}`: a person's faces, each a link to its photo, each movable to another person
 * (an existing one, suggested as you type, or a new one). */
export function PersonPage() {
  const { id = "" } = useParams();
  const { library } = useActiveLibrary();
  const people = usePeople(library?.id ?? "");
  const faces = usePersonFaces(id);
  const person = people.data?.find((p) => p.id === id);

  if (people.error ?? faces.error) {
    const error = people.error ?? faces.error;
    return <ErrorMessage error={error} onRetry={() => void Promise.all([people.refetch(), faces.refetch()])} />;
  }
  if (!people.data || !faces.data) return <Loading />;
  const back = (
    <Link to="/people" className="button">
      <ArrowLeft aria-hidden="true" /> {strings.backToPeople}
    </Link>
  );
  if (!person) {
    return (
      <EmptyState icon={<UserRound aria-hidden="true" />} title={strings.notFoundTitle}>
        {strings.notFoundText} {back}
      </EmptyState>
    );
  }
  return (
    <div className="people-page">
      <div className="people-bar">
        {back}
        <h1>{strings.facesOf(person.name)}</h1>
        <Link to={personPhotosUrl(person)} className="button">
          <Images aria-hidden="true" /> {strings.showPhotos}
        </Link>
      </div>
      {faces.data.length === 0 && <p className="muted">{strings.noFacesText}</p>}
      {person.face_count > faces.data.length && faces.data.length === FACES_SHOWN && (
        <p className="muted">{strings.limited(faces.data.length, person.face_count)}</p>
      )}
      <datalist id={PEOPLE_NAMES}>
        {people.data.filter((p) => p.named && p.id !== person.id).map((p) => <option key={p.id} value={p.name} />)}
      </datalist>
      <ul className="people-grid" aria-label={strings.facesOf(person.name)}>
        {faces.data.map((face) => (
          <FaceCard key={face.id} face={face} person={person} />
        ))}
      </ul>
    </div>
  );
}

function FaceCard({ face, person }: { face: Face; person: Person }) {
  const [moving, setMoving] = useState(false);
  const move = useMoveFace();
  return (
    <li className="person-card">
      <Link
        to={{ pathname: `/photos/${face.photo_id}`, search: `?${new URLSearchParams({ q: personQuery(person) })}` }}
        className="person-face"
        aria-label={strings.faceOf(person.name)}
      >
        {face.face_url ? (
          <img src={face.face_url} alt="" width={160} height={160} loading="lazy" decoding="async" />
        ) : (
          <UserRound aria-hidden="true" />
        )}
      </Link>
      <div className="person-meta">
        {moving ? (
          <NameEditor
            initial=""
            label={strings.moveTo}
            list={PEOPLE_NAMES}
            onSave={(name) => {
              setMoving(false);
              move.mutate({ face: face.id, name });
            }}
            onCancel={() => setMoving(false)}
          />
        ) : (
          <button type="button" aria-label={strings.moveFace} onClick={() => setMoving(true)}>
            {strings.move}
          </button>
        )}
        {move.error && <ErrorMessage error={move.error} />}
      </div>
    </li>
  );
}
