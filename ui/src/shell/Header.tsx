import { Keyboard, Monitor, Moon, Sun } from "lucide-react";
import type { Ref } from "react";
import { Link } from "react-router";

import type { Me } from "../api/types";
import { useActiveLibrary } from "./activeLibrary";
import { ProcessingIndicator } from "./ProcessingIndicator";
import { SearchBox } from "./SearchBox";
import { strings } from "./strings";
import { useTheme } from "./theme";
import { UserMenu } from "./UserMenu";

const THEME_ICONS = { system: Monitor, light: Sun, dark: Moon };

function LibrarySwitcher() {
  const { library, libraries, choose } = useActiveLibrary();
  if (libraries.length < 2 || !library) return null;
  return (
    <label className="library-switcher">
      <span className="visually-hidden">{strings.library}</span>
      <select value={library.id} onChange={(event) => choose(event.target.value)}>
        {libraries.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header({ me, searchRef, showShortcuts }: { me: Me; searchRef: Ref<HTMLInputElement>; showShortcuts: () => void }) {
  const [theme, nextTheme] = useTheme();
  const ThemeIcon = THEME_ICONS[theme];
  return (
    <header className="header">
      <Link to="/" className="logo" aria-label={strings.home}>
        <img src={`${import.meta.env.BASE_URL}logo.svg`} alt="" width={28} height={28} />
        <span className="wide-only">{strings.appName}</span>
      </Link>
      <LibrarySwitcher />
      <SearchBox inputRef={searchRef} />
      <ProcessingIndicator />
      <button type="button" className="icon wide-only" aria-label={strings.shortcutsTitle} title={strings.shortcutsHint} onClick={showShortcuts}>
        <Keyboard aria-hidden="true" />
      </button>
      <button type="button" className="icon" aria-label={strings.theme[theme]} title={strings.theme[theme]} onClick={nextTheme}>
        <ThemeIcon aria-hidden="true" />
      </button>
      <UserMenu me={me} />
    </header>
  );
}
