import { Activity, BookImage, Images, Map, Settings, Users } from "lucide-react";
import { NavLink } from "react-router";

import { strings } from "./strings";

const ITEMS = [
  { to: "/", label: strings.nav.timeline, Icon: Images },
  { to: "/albums", label: strings.nav.albums, Icon: BookImage },
  { to: "/people", label: strings.nav.people, Icon: Users },
  { to: "/map", label: strings.nav.map, Icon: Map },
  { to: "/processing", label: strings.nav.processing, Icon: Activity },
  { to: "/settings", label: strings.nav.settings, Icon: Settings },
];

/** The screens: a side rail on wide screens, a bottom tab bar on phones (styles.css). */
export function Nav() {
  return (
    <nav className="nav" aria-label={strings.navigation}>
      <ul>
        {ITEMS.map(({ to, label, Icon }) => (
          <li key={to}>
            <NavLink to={to} end={to === "/"}>
              <Icon aria-hidden="true" />
              <span>{label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
