// What went wrong with an API call, as one typed value: features show `message`, forms show
// `fields` next to their inputs, and the sign-in page shows `retryAfter` for 429.

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  /** Messages per input field (a form shows each next to its field). */
  readonly fields: Record<string, string>;
  /** Seconds to wait before trying again (Retry-After), when the server said so. */
  readonly retryAfter: number | null;

  constructor(status: number, message: string, fields: Record<string, string> = {}, retryAfter: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

type ValidationItem = { loc?: unknown[]; msg?: string };

/**
 * The ApiError of a failed response. Photonix answers `{"detail": "..."}`, sometimes with the
 * `field` it is about; django-ninja's own validation errors are `{"detail": [{loc, msg}, ...]}`.
 * Anything else (a proxy's HTML page, an empty body) still gets a readable message.
 */
export function apiErrorFrom(status: number, body: unknown, retryAfterHeader: string | null = null): ApiError {
  const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
  const detail = typeof body === "object" && body !== null ? (body as { detail?: unknown; field?: unknown }) : {};
  if (typeof detail.detail === "string") {
    const fields = typeof detail.field === "string" ? { [detail.field]: detail.detail } : {};
    return new ApiError(status, detail.detail, fields, retryAfter);
  }
  if (Array.isArray(detail.detail)) {
    const fields: Record<string, string> = {};
    for (const item of detail.detail as ValidationItem[]) {
      const name = item.loc?.at(-1);
      if (typeof name === "string" && item.msg && !(name in fields)) fields[name] = item.msg;
    }
    const messages = Object.entries(fields).map(([name, msg]) => `${name}: ${msg}`);
    return new ApiError(status, messages.length ? messages.join("; ") : "The request was refused.", fields, retryAfter);
  }
  return new ApiError(status, `Photonix answered with an error (HTTP ${status}).`, {}, retryAfter);
}

export const UNREACHABLE = "Photonix cannot be reached: check your connection and try again.";
