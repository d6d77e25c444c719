import { useState, type FormEvent } from "react";

import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { TextField } from "../common/TextField";
import { ConfirmButton } from "./ConfirmButton";
import { useAddPath, usePaths, useRemovePath, useWatchPath } from "./queries";
import { strings } from "./strings";

/** The library's folders: watch or not, remove; add one (the server checks it, its message shows on the field). */
export function Folders({ library }: { library: string }) {
  const paths = usePaths(library);
  const add = useAddPath(library);
  const watch = useWatchPath(library);
  const remove = useRemovePath(library);
  const [path, setPath] = useState("");
  const [watchNew, setWatchNew] = useState(true);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ path: path.trim(), watch: watchNew }, { onSuccess: () => setPath("") });
  };
  const changeError = watch.error ?? remove.error;
  return (
    <section className="form" aria-labelledby="folders-title">
      <h3 id="folders-title">{strings.foldersTitle}</h3>
      <p className="muted">{strings.foldersIntro}</p>
      {paths.error && <ErrorMessage error={paths.error} onRetry={() => void paths.refetch()} />}
      {paths.isPending && <Loading />}
      {paths.data && (
        <ul className="settings-list">
          {paths.data.length === 0 && <li className="muted">{strings.noFolders}</li>}
          {paths.data.map((p) => (
            <li key={p.id} aria-label={p.path}>
              <span className="path">{p.path}</span>
              <label className="check">
                <input
                  type="checkbox"
                  aria-label={strings.watchLabel(p.path)}
                  checked={p.watch}
                  disabled={watch.isPending}
                  onChange={(e) => watch.mutate({ id: p.id, watch: e.target.checked })}
                />
                <span aria-hidden="true">{strings.watch}</span>
              </label>
              <ConfirmButton
                label={strings.remove}
                name={strings.removeLabel(p.path)}
                question={strings.removeFolderConfirm}
                confirm={strings.removeFolder}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(p.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {changeError && <ErrorMessage error={changeError} />}
      <form className="form settings-form" onSubmit={submit}>
        <TextField
          id="new-folder"
          label={strings.newFolder}
          hint={strings.newFolderHint}
          required
          autoCapitalize="none"
          spellCheck={false}
          value={path}
          error={add.error?.message}
          onChange={(e) => {
            setPath(e.target.value);
            add.reset();
          }}
        />
        <label className="check">
          <input type="checkbox" checked={watchNew} onChange={(e) => setWatchNew(e.target.checked)} />
          <span>{strings.watch}</span>
        </label>
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            {strings.addFolder}
          </button>
        </div>
      </form>
    </section>
  );
}
