/**
 * The header's processing indicator: shown only while work remains, linking to /processing.
 * Placeholder until the processing route is on main (then it polls it).
 */
export function ProcessingIndicator() {
  return null;
}
