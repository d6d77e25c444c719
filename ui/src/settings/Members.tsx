import { useState, type FormEvent } from "react";

import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { TextField } from "../common/TextField";
import { ConfirmButton } from "./ConfirmButton";
import { useAddMember, useMembers, useRemoveMember, useSetRole } from "./queries";
import { strings } from "./strings";

type Role = keyof typeof strings.roles;

function RoleSelect({ id, label, role, disabled, onChange }: { id: string; label: string; role: Role; disabled?: boolean; onChange: (role: Role) => void }) {
  return (
    <select id={id} aria-label={label} value={role} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)}>
      {Object.entries(strings.roles).map(([value, name]) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** The library's members (owners only): role, remove; add one by username. The last owner stays (the server says so). */
export function Members({ library, me }: { library: string; me: string }) {
  const members = useMembers(library);
  const add = useAddMember(library);
  const setRole = useSetRole(library);
  const remove = useRemoveMember(library);
  const [username, setUsername] = useState("");
  const [role, setNewRole] = useState<Role>("member");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ username: username.trim(), owner: role === "owner" }, { onSuccess: () => setUsername("") });
  };
  const changeError = setRole.error ?? remove.error;
  return (
    <section className="form" aria-labelledby="members-title">
      <h3 id="members-title">{strings.membersTitle}</h3>
      <p className="muted">{strings.membersIntro}</p>
      {members.error && <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />}
      {members.isPending && <Loading />}
      {members.data && (
        <ul className="settings-list">
          {members.data.map((m) => (
            <li key={m.user_id} aria-label={m.username}>
              <span className="path">
                {m.username} {m.user_id === me && <span className="muted">{strings.you}</span>}
              </span>
              <RoleSelect
                id={`role-${m.user_id}`}
                label={strings.roleLabel(m.username)}
                role={m.owner ? "owner" : "member"}
                disabled={setRole.isPending}
                onChange={(r) => setRole.mutate({ user: m.user_id, owner: r === "owner" })}
              />
              <ConfirmButton
                label={strings.remove}
                name={strings.removeLabel(m.username)}
                question={strings.removeMemberConfirm(m.username)}
                confirm={strings.removeMember}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(m.user_id)}
              />
            </li>
          ))}
        </ul>
      )}
      {changeError && <ErrorMessage error={changeError} />}
      <form className="form settings-form inline-form" onSubmit={submit}>
        <TextField
          id="new-member"
          label={strings.newMember}
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          error={add.error?.message}
          onChange={(e) => {
            setUsername(e.target.value);
            add.reset();
          }}
        />
        <div className="field">
          <label htmlFor="new-member-role">{strings.role}</label>
          <RoleSelect id="new-member-role" label={strings.role} role={role} onChange={setNewRole} />
        </div>
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            {strings.addMember}
          </button>
        </div>
      </form>
    </section>
  );
}
