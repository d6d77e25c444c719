import { useState, type FormEvent } from "react";

import { ErrorMessage } from "../common/ErrorMessage";
import { TextField } from "../common/TextField";
import { useChangePassword } from "./queries";
import { strings } from "./strings";

const EMPTY = { old_password: "", new_password: "", new_password2: "" };

/** Change the password: the current one, the new one twice (the server's rules apply; the session stays). */
export function PasswordForm() {
  const [form, setForm] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword();
  const set = (name: keyof typeof EMPTY, value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    setMismatch(false);
    change.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.new_password !== form.new_password2) return setMismatch(true);
    change.mutate({ old_password: form.old_password, new_password: form.new_password }, { onSuccess: () => setForm(EMPTY) });
  };
  const fields = [
    ["old_password", strings.oldPassword, "current-password"],
    ["new_password", strings.newPassword, "new-password"],
    ["new_password2", strings.newPassword2, "new-password"],
  ] as const;
  return (
    <form className="form settings-form" onSubmit={submit} aria-labelledby="password-title">
      <h3 id="password-title">{strings.passwordTitle}</h3>
      {fields.map(([name, label, autoComplete]) => (
        <TextField
          key={name}
          id={name}
          label={label}
          type="password"
          required
          autoComplete={autoComplete}
          value={form[name]}
          error={name === "new_password2" && mismatch ? strings.passwordsDiffer : undefined}
          onChange={(e) => set(name, e.target.value)}
        />
      ))}
      {change.error && <ErrorMessage error={change.error} />}
      {change.isSuccess && (
        <p role="status" className="message info">
          {strings.passwordChanged}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={change.isPending}>
          {strings.changePassword}
        </button>
      </div>
    </form>
  );
}
