import { describe, expect, it } from "vitest";

import { ApiError, apiErrorFrom } from "./errors";
import { call, csrfToken, makeClient } from "./client";

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** A client whose fetch records the requests and answers with `answer`. */
function clientAnswering(answer: (request: Request) => Response | Promise<Response>, cookies = "") {
  const requests: Request[] = [];
  let unauthorized = 0;
  const client = makeClient({
    baseUrl: "http://127.0.0.1:8888",
    fetch: async (input) => {
      const request = input instanceof Request ? input : new Request(input);
      requests.push(request);
      return answer(request);
    },
    cookies: () => cookies,
    onUnauthorized: () => unauthorized++,
  });
  return { client, requests, unauthorized: () => unauthorized };
}

describe("csrfToken", () => {
  it("finds the csrftoken cookie among others", () => {
    expect(csrfToken("sessionid=abc; csrftoken=x%3Dy; theme=dark")).toBe("x=y");
    expect(csrfToken("sessionid=abc")).toBeNull();
    expect(csrfToken("")).toBeNull();
  });
});

describe("apiErrorFrom", () => {
  it("reads Photonix's detail, its field and Retry-After", () => {
    const error = apiErrorFrom(422, { detail: "/x is not a folder.", field: "path" }, "30");
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.message, error.fields, error.retryAfter]).toEqual([
      422,
      "/x is not a folder.",
      { path: "/x is not a folder." },
      30,
    ]);
  });

  it("turns django-ninja's validation list into messages per field", () => {
    const body = { detail: [{ loc: ["body", "body", "username"], msg: "String should have at least 1 character" }] };
    const error = apiErrorFrom(422, body);
    expect(error.fields).toEqual({ username: "String should have at least 1 character" });
    expect(error.message).toContain("username");
  });

  it("still says something readable for a body that is not Photonix's", () => {
    const error = apiErrorFrom(502, "<html>Bad gateway</html>");
    expect(error.message).toBe("Photonix answered with an error (HTTP 502).");
    expect(error.retryAfter).toBeNull();
  });
});

describe("the client", () => {
  it("returns the data of a successful call", async () => {
    const { client } = clientAnswering(() => json(200, { needed: true, classifiers: ["color"] }));
    await expect(call(client.GET("/api/v1/setup"))).resolves.toEqual({ needed: true, classifiers: ["color"] });
  });

  it("sends the CSRF header on changes only", async () => {
    const { client, requests } = clientAnswering(() => json(204, undefined), "csrftoken=tok");
    await call(client.GET("/api/v1/setup")).catch(() => undefined);
    await call(client.POST("/api/v1/auth/logout"));
    expect(requests.map((r) => [r.method, r.headers.get("X-CSRFToken")])).toEqual([
      ["GET", null],
      ["POST", "tok"],
    ]);
  });

  it("throws an ApiError with the server's message, and a 401 asks for a sign-in", async () => {
    const { client, unauthorized } = clientAnswering(() => json(401, { detail: "Unauthorized" }));
    const failure = call(client.GET("/api/v1/me"));
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401, message: "Unauthorized" });
    expect(unauthorized()).toBe(1);
  });

  it("does not leave the sign-in page when the password is wrong", async () => {
    const { client, unauthorized } = clientAnswering(() => json(401, { detail: "Wrong user name or password." }));
    const body = { username: "a", password: "b" };
    await expect(call(client.POST("/api/v1/auth/login", { body }))).rejects.toMatchObject({ status: 401 });
    expect(unauthorized()).toBe(0);
  });

  it("turns a network failure into an ApiError with status 0", async () => {
    const { client } = clientAnswering(() => Promise.reject(new TypeError("Failed to fetch")));
    await expect(call(client.GET("/api/v1/me"))).rejects.toMatchObject({ status: 0 });
  });
});
