import { isRouteErrorResponse, useRouteError } from "react-router";

import { EmptyState } from "./EmptyState";
import { strings } from "./strings";

/** Shown instead of a blank page when a screen throws while rendering. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <EmptyState title={strings.notFoundTitle}>{strings.notFoundText}</EmptyState>;
  }
  return (
    <div role="alert">
      <EmptyState title={strings.crashTitle}>{error instanceof Error ? error.message : strings.unknownError}</EmptyState>
      <p className="center">
        <button type="button" onClick={() => window.location.reload()}>
          {strings.reload}
        </button>
      </p>
    </div>
  );
}
