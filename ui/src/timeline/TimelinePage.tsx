import { NotBuilt } from "../common/NotBuilt";

export function TimelinePage() {
  return <NotBuilt screen="Timeline" />;
}
