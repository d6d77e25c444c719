// The library the user is looking at: chosen in the header's switcher, remembered in the browser,
// the first of the user's libraries otherwise. Screens read it with useActiveLibrary().
import { createContext, useContext, useState, type ReactNode } from "react";

import type { Library } from "../api/types";
import { loadSetting, saveSetting } from "../common/storage";

type ActiveLibrary = { library: Library | null; libraries: Library[]; choose: (id: string) => void };

const Context = createContext<ActiveLibrary | null>(null);

export function ActiveLibraryProvider({ libraries, children }: { libraries: Library[]; children: ReactNode }) {
  const [chosen, setChosen] = useState(() => loadSetting("library"));
  const library = libraries.find((l) => l.id === chosen) ?? libraries[0] ?? null;
  const choose = (id: string) => {
    saveSetting("library", id);
    setChosen(id);
  };
  return <Context value={{ library, libraries, choose }}>{children}</Context>;
}

export function useActiveLibrary(): ActiveLibrary {
  const value = useContext(Context);
  if (!value) throw new Error("useActiveLibrary() outside ActiveLibraryProvider");
  return value;
}
