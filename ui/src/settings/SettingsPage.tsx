import { useMe } from "../api/queries";
import { useActiveLibrary } from "../shell/activeLibrary";
import { Folders } from "./Folders";
import { LibraryForm } from "./LibraryForm";
import { Members } from "./Members";
import { PasswordForm } from "./PasswordForm";
import { strings } from "./strings";
import { Tokens } from "./Tokens";

/**
 * `/settings`: the active library's name, folders, analysis switches and members (owners; a member
 * is told so), then the user's account: password and personal access tokens. Every change goes to
 * the API at once; its refusals are shown where they belong.
 */
export function SettingsPage() {
  const { library } = useActiveLibrary();
  const me = useMe();
  return (
    <div className="page settings">
      <h1>{strings.title}</h1>
      {library && (
        <section aria-labelledby="library-title" className="settings-section">
          <h2 id="library-title">{strings.libraryTitle(library.name)}</h2>
          {library.role === "owner" ? (
            <>
              <LibraryForm key={library.id} library={library} />
              <Folders library={library.id} />
              <Members library={library.id} me={me.data?.id ?? ""} />
            </>
          ) : (
            <p className="muted">{strings.memberOnly}</p>
          )}
        </section>
      )}
      <section aria-labelledby="account-title" className="settings-section">
        <h2 id="account-title">{strings.accountTitle}</h2>
        <PasswordForm />
        <Tokens library={library} />
      </section>
    </div>
  );
}
