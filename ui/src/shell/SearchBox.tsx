import { Search, SlidersHorizontal, X } from "lucide-react";
import { lazy, Suspense, useId, useMemo, useState, type KeyboardEvent, type Ref } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

import type { Suggestion } from "../api/types";
import { joinTerms, keyOf, parseTerms, removeTermAt, termFor, typedWord } from "../search/query";
import { kindLabels, strings as searchStrings } from "../search/strings";
import { useSuggestions } from "../search/suggestions";
import "../search/search.css";
import { useActiveLibrary } from "./activeLibrary";
import { strings } from "./strings";

// The filter panel's code is loaded when it is first opened.
const FilterPanel = lazy(() => import("../search/FilterPanel"));

/** Screens that filter by the search query; elsewhere a search opens the timeline. */
const SEARCHABLE = new Set(["/", "/map"]);

/**
 * The search box. The query lives in the URL's `q` (reload, back/forward and shared links keep it):
 * its terms show as chips before the input, and what is typed joins them on Enter. While typing,
 * the library's people, places, albums, tags, cameras and lenses whose name contains the word are
 * suggested (↑/↓ choose, Enter or Tab accept, Esc closes); Backspace in an empty input removes the
 * last chip. The filter button opens the filter panel, which changes the same `q`.
 */
export function SearchBox({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { library } = useActiveLibrary();
  const q = params.get("q") ?? "";
  const chips = useMemo(() => parseTerms(q), [q]);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const listId = useId();

  const typed = typedWord(text);
  const suggestions = useSuggestions(library?.id, typed.word);
  const items = open && typed.word.trim() ? (suggestions.data ?? []) : [];

  const search = (value: string) => {
    const path = SEARCHABLE.has(location.pathname) ? location.pathname : "/";
    const next = new URLSearchParams(path === location.pathname ? params : undefined);
    if (value.trim()) next.set("q", value.trim());
    else next.delete("q");
    const query = next.toString();
    setText("");
    setActive(-1);
    void navigate(query ? `${path}?${query}` : path);
  };

  const accept = (suggestion: Suggestion) => {
    const term = (typed.negated ? "-" : "") + termFor(suggestion.kind, suggestion.name, suggestion.id);
    search(joinTerms([...chips, ...parseTerms(typed.before), { text: term }]));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const chosen = items[active];
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && items.length) {
      event.preventDefault();
      // -1 (none chosen), 0 ... n - 1, round and round.
      const n = items.length;
      setActive(((active + 1 + (event.key === "ArrowDown" ? 1 : -1) + n + 1) % (n + 1)) - 1);
    } else if (event.key === "Enter" && chosen) {
      event.preventDefault();
      accept(chosen);
    } else if (event.key === "Tab" && !event.shiftKey && items.length) {
      event.preventDefault();
      accept(chosen ?? items[0]!);
    } else if (event.key === "Backspace" && text === "" && chips.length) {
      event.preventDefault();
      search(removeTermAt(q, chips.length - 1));
    } else if (event.key === "Escape") {
      if (items.length) setOpen(false);
      else event.currentTarget.blur();
    }
  };

  const expanded = items.length > 0;
  return (
    <>
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          search(joinTerms([...chips, ...parseTerms(text)]));
        }}
      >
        <div className="search-field">
          <Search aria-hidden="true" className="search-icon" />
          {chips.length > 0 && (
            <ul className="chips">
              {chips.map((chip, index) => {
                const label = searchStrings.chip(keyOf(chip), chip.value, chip.negated, chip.quoted);
                return (
                  <li key={`${index} ${chip.text}`} className="chip" title={chip.text}>
                    <span>{label}</span>
                    <button
                      type="button"
                      className="chip-remove"
                      aria-label={searchStrings.removeChip(label)}
                      onClick={() => search(removeTermAt(q, index))}
                    >
                      <X aria-hidden="true" />
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <input
            ref={inputRef}
            type="search"
            aria-label={strings.search}
            placeholder={chips.length ? undefined : strings.searchPlaceholder}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            enterKeyHint="search"
            autoComplete="off"
            aria-autocomplete="list"
            aria-controls={expanded ? listId : undefined}
            aria-expanded={expanded}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          />
          {(q || text) && (
            <button type="button" className="icon search-clear" aria-label={strings.clearSearch} onClick={() => search("")}>
              <X aria-hidden="true" />
            </button>
          )}
          <button
            type="button"
            className="icon"
            aria-label={searchStrings.filters}
            aria-expanded={filtersOpen}
            title={searchStrings.filters}
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            <SlidersHorizontal aria-hidden="true" />
          </button>
        </div>
        {expanded && (
          <ul id={listId} role="listbox" aria-label={searchStrings.suggestions} className="suggestions">
            {items.map((item, index) => (
              <li
                key={`${item.kind} ${item.id}`}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()} // keep the focus in the input
                onClick={() => accept(item)}
              >
                <span className="suggestion-name">{item.name}</span>
                <span className="muted">{[kindLabels[item.kind], item.detail].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
          </ul>
        )}
      </form>
      {filtersOpen && library && (
        <Suspense>
          <FilterPanel library={library.id} q={q} onSearch={search} onClose={() => setFiltersOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
