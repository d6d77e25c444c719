import { Search, X } from "lucide-react";
import { useEffect, useState, type Ref } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

import { strings } from "./strings";

/** Screens that filter by the search query; elsewhere a search opens the timeline. */
const SEARCHABLE = new Set(["/", "/map"]);

/**
 * The search box: its text becomes the `q` parameter of the URL on Enter (so reload, back and
 * shared links keep it). Suggestions and chips come with the search screen.
 */
export function SearchBox({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const search = (value: string) => {
    const path = SEARCHABLE.has(location.pathname) ? location.pathname : "/";
    const next = new URLSearchParams(path === location.pathname ? params : undefined);
    if (value.trim()) next.set("q", value.trim());
    else next.delete("q");
    const query = next.toString();
    navigate(query ? `${path}?${query}` : path);
  };

  return (
    <form
      role="search"
      className="search"
      onSubmit={(event) => {
        event.preventDefault();
        search(text);
      }}
    >
      <Search aria-hidden="true" className="search-icon" />
      <input
        ref={inputRef}
        type="search"
        aria-label={strings.search}
        placeholder={strings.searchPlaceholder}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") event.currentTarget.blur();
        }}
        enterKeyHint="search"
        autoComplete="off"
      />
      {q && (
        <button type="button" className="icon" aria-label={strings.clearSearch} onClick={() => search("")}>
          <X aria-hidden="true" />
        </button>
      )}
    </form>
  );
}
