import { useState, type FormEvent } from "react";

import type { Library } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { strings as common } from "../common/strings";
import { TextField } from "../common/TextField";
import { useClassifierSwitch } from "../processing/queries";
import { useRenameLibrary } from "./queries";
import { strings } from "./strings";

/** The library's name, and its classifier switches (switching one on analyses what it skipped). */
export function LibraryForm({ library }: { library: Library }) {
  const [name, setName] = useState(library.name);
  const rename = useRenameLibrary(library.id);
  const classifierSwitch = useClassifierSwitch(library.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name.trim());
  };
  return (
    <>
      <form className="form settings-form" onSubmit={submit}>
        <TextField
          id="library-name"
          label={strings.name}
          required
          maxLength={128}
          value={name}
          error={rename.error?.message}
          onChange={(e) => {
            setName(e.target.value);
            rename.reset();
          }}
        />
        <div className="actions">
          {rename.isSuccess && (
            <span role="status" className="muted">
              {strings.saved}
            </span>
          )}
          <button type="submit" className="primary" disabled={rename.isPending}>
            {rename.isPending ? strings.saving : strings.save}
          </button>
        </div>
      </form>
      <section className="form" aria-labelledby="classifiers-title">
        <h3 id="classifiers-title">{strings.classifiersTitle}</h3>
        <p className="muted">{strings.classifiersIntro}</p>
        {Object.entries(library.classifiers).map(([classifier, on]) => {
          const [label, speed] = common.classifiers[classifier] ?? [classifier, ""];
          return (
            <label className="check" key={classifier}>
              <input
                type="checkbox"
                checked={on}
                disabled={classifierSwitch.isPending}
                onChange={(e) => classifierSwitch.mutate({ classifier, on: e.target.checked })}
              />
              <span>
                {label} {speed && <span className="muted">({speed})</span>}
              </span>
            </label>
          );
        })}
        {classifierSwitch.error && <ErrorMessage error={classifierSwitch.error} />}
      </section>
    </>
  );
}
