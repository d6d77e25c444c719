import { Construction } from "lucide-react";

import { EmptyState } from "./EmptyState";
import { strings } from "./strings";

/** The honest placeholder of a screen that does not exist yet (no fake data). */
export function NotBuilt({ screen }: { screen: string }) {
  return (
    <EmptyState icon={<Construction aria-hidden="true" size={40} />} title={strings.notBuiltTitle(screen)}>
      {strings.notBuiltText}
    </EmptyState>
  );
}
