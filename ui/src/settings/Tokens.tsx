import { useState, type FormEvent } from "react";

import type { Library } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { TextField } from "../common/TextField";
import { ConfirmButton } from "./ConfirmButton";
import { useCreateToken, useRevokeToken, useTokens } from "./queries";
import { strings } from "./strings";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const day = (iso: string) => dateFormat.format(new Date(iso));
const EMPTY = { name: "", readOnly: false, thisLibrary: false, expires: "" };

/** The secret of a token just made: shown this once, with a copy button. */
function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard.writeText(token).then(() => setCopied(true), () => setCopied(false));
  return (
    <section className="message info new-token" role="status" aria-label={strings.newTokenTitle(name)}>
      <p>
        <strong>{strings.newTokenTitle(name)}</strong> {strings.newTokenText}
      </p>
      <input readOnly aria-label={strings.newTokenLabel} value={token} onFocus={(e) => e.target.select()} />
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? strings.copied : strings.copy}
        </button>
        <button type="button" onClick={onDone}>
          {strings.done}
        </button>
      </div>
    </section>
  );
}

/** The user's personal access tokens: create one (its secret shown once), list them, revoke one. */
export function Tokens({ library }: { library: Library | null }) {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [form, setForm] = useState(EMPTY);
  const set = <K extends keyof typeof EMPTY>(name: K, value: (typeof EMPTY)[K]) => {
    setForm((f) => ({ ...f, [name]: value }));
    create.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        read_only: form.readOnly,
        library_id: form.thisLibrary && library ? library.id : null,
        // the end of the chosen day, in the browser's time zone
        expires_at: form.expires ? new Date(`${form.expires}T23:59:59`).toISOString() : null,
      },
      { onSuccess: () => setForm(EMPTY) },
    );
  };
  const libraryName = (id: string | null) => (id === library?.id ? library.name : null);
  return (
    <section className="form" aria-labelledby="tokens-title">
      <h3 id="tokens-title">{strings.tokensTitle}</h3>
      <p className="muted">{strings.tokensIntro}</p>
      {create.data && <NewToken name={create.data.name} token={create.data.token} onDone={() => create.reset()} />}
      {tokens.error && <ErrorMessage error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.isPending && <Loading />}
      {tokens.data && (
        <ul className="settings-list">
          {tokens.data.length === 0 && <li className="muted">{strings.noTokens}</li>}
          {tokens.data.map((t) => (
            <li key={t.id} aria-label={t.name}>
              <span className="path">
                {t.name} <code className="muted">{t.prefix}…</code>
                <span className="hint">
                  {[
                    t.read_only ? strings.tokenDetails.readOnly : strings.tokenDetails.readWrite,
                    libraryName(t.library_id) && strings.thisLibraryOnly(libraryName(t.library_id)!),
                    strings.tokenDetails.created(day(t.created_at)),
                    t.last_used_at ? strings.tokenDetails.lastUsed(day(t.last_used_at)) : strings.tokenDetails.neverUsed,
                    t.expires_at && strings.tokenDetails.expires(day(t.expires_at)),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
              <ConfirmButton
                label={strings.revoke}
                name={strings.revokeLabel(t.name)}
                question={strings.revokeConfirm}
                confirm={strings.revokeToken}
                disabled={revoke.isPending}
                onConfirm={() => revoke.mutate(t.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      <form className="form settings-form" onSubmit={submit}>
        <TextField
          id="token-name"
          label={strings.tokenName}
          required
          maxLength={128}
          autoComplete="off"
          value={form.name}
          onChange={(e) => set("name", e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={form.readOnly} onChange={(e) => set("readOnly", e.target.checked)} />
          <span>{strings.readOnly}</span>
        </label>
        {library && (
          <label className="check">
            <input type="checkbox" checked={form.thisLibrary} onChange={(e) => set("thisLibrary", e.target.checked)} />
            <span>{strings.thisLibraryOnly(library.name)}</span>
          </label>
        )}
        <TextField id="token-expires" label={strings.expires} type="date" value={form.expires} onChange={(e) => set("expires", e.target.value)} />
        {create.error && <ErrorMessage error={create.error} />}
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {strings.createToken}
          </button>
        </div>
      </form>
    </section>
  );
}
