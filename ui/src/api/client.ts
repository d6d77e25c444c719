// The one way the UI talks to Photonix: a typed client generated from the OpenAPI schema
// (schema.d.ts, by scripts/api_types.py). Features call `call(api.GET("/api/v1/...", ...))`,
// never build URLs by hand. Session requests that change something carry the CSRF header;
// a 401 anywhere but the sign-in itself sends the user to the sign-in page.
import createClient, { type Middleware } from "openapi-fetch";

import { ApiError, UNREACHABLE, apiErrorFrom } from "./errors";
import type { paths } from "./schema";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The value of the `csrftoken` cookie in a `document.cookie` string, or null. */
export function csrfToken(cookies: string): string | null {
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "csrftoken") return decodeURIComponent(value.join("="));
  }
  return null;
}

type Options = {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  cookies?: () => string;
  onUnauthorized?: () => void;
};

/** A client for `paths`; the options exist for the tests (a browser uses the defaults). */
export function makeClient({
  baseUrl = "",
  fetch = globalThis.fetch,
  cookies = () => document.cookie,
  onUnauthorized,
}: Options = {}) {
  const client = createClient<paths>({ baseUrl, fetch: (request) => fetch(request) });
  const middleware: Middleware = {
    onRequest({ request }) {
      const token = csrfToken(cookies());
      if (!SAFE_METHODS.has(request.method) && token) request.headers.set("X-CSRFToken", token);
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && !new URL(request.url).pathname.endsWith("/auth/login")) onUnauthorized?.();
      return response;
    },
  };
  client.use(middleware);
  return client;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call; throws an ApiError otherwise (also when the network fails). */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, UNREACHABLE);
  }
  const { data, error, response } = answer;
  if (!response.ok) throw apiErrorFrom(response.status, error, response.headers.get("Retry-After"));
  return data as T;
}

let unauthorizedHandler: (() => void) | undefined;

/** What the app does on a 401 (set once, by the router: go to the sign-in page). */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

export const api = makeClient({ onUnauthorized: () => unauthorizedHandler?.() });

export { ApiError };
