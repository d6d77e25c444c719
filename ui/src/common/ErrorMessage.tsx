import { RotateCw, TriangleAlert } from "lucide-react";

import { strings } from "./strings";

/** An error from the API (or anything else), readable, with a way to try again. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : strings.unknownError;
  return (
    <div className="message error" role="alert">
      <TriangleAlert aria-hidden="true" />
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          <RotateCw aria-hidden="true" /> {strings.retry}
        </button>
      )}
    </div>
  );
}
