import { LoaderCircle } from "lucide-react";
import { Link } from "react-router";

import { useProcessingSummary } from "../api/queries";
import { useActiveLibrary } from "./activeLibrary";
import { strings } from "./strings";

const numberFormat = new Intl.NumberFormat();

/** Shown in the header only while the active library has work left; leads to /processing. */
export function ProcessingIndicator() {
  const { library } = useActiveLibrary();
  const { data: remaining } = useProcessingSummary(library?.id);
  if (!remaining) return null;
  const label = strings.processing(numberFormat.format(remaining));
  return (
    <Link to="/processing" className="processing-indicator" aria-label={label} title={label}>
      <LoaderCircle aria-hidden="true" className="spin" />
      <span className="wide-only">{numberFormat.format(remaining)}</span>
    </Link>
  );
}
