import { useCallback, useMemo, useRef, useState } from "react";
import { Navigate, Outlet, ScrollRestoration, useLocation } from "react-router";

import { ApiError } from "../api/client";
import { useLibraries, useMe } from "../api/queries";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { ActiveLibraryProvider } from "./activeLibrary";
import { Header } from "./Header";
import { useGlobalShortcuts } from "./keyboard";
import { Nav } from "./Nav";
import { Shortcuts } from "./Shortcuts";

/** The frame of every signed-in screen: header, navigation, the screen, the shortcuts overlay. */
export function Shell() {
  const me = useMe();
  const libraries = useLibraries();
  const location = useLocation();
  const searchRef = useRef<HTMLInputElement>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const actions = useMemo(() => ({ focusSearch: () => searchRef.current?.focus(), showShortcuts }), [showShortcuts]);
  useGlobalShortcuts(actions);

  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const failed = me.error ?? libraries.error;
  if (failed) {
    return (
      <main className="page">
        <ErrorMessage error={failed} onRetry={() => void Promise.all([me.refetch(), libraries.refetch()])} />
      </main>
    );
  }
  if (!me.data || !libraries.data) return <Loading />;

  return (
    <ActiveLibraryProvider libraries={libraries.data}>
      <div className="shell">
        <Header me={me.data} searchRef={searchRef} showShortcuts={showShortcuts} />
        <Nav />
        <main className="content" id="content">
          <Outlet />
        </main>
      </div>
      <Shortcuts open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <ScrollRestoration />
    </ActiveLibraryProvider>
  );
}
