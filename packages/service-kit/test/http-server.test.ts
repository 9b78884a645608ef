import { isId, Problem } from "@postd/contracts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, createHttpServer, type HttpServer, problemContentType } from "../src/index";

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  code?: string;
  err?: { message: string; stack?: string };
}

const lines: LogLine[] = [];
const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
let app: HttpServer;

beforeAll(async () => {
  app = createHttpServer({ logger, bodyLimitBytes: 1024 });
  app.post(
    "/posts",
    {
      schema: {
        body: z.object({ text: z.string(), targets: z.array(z.object({ accountId: z.string() })).min(1) }),
        querystring: z.object({ limit: z.coerce.number().int().max(100).optional() }),
      },
    },
    async (request) => ({ count: request.body.targets.length, limit: request.query.limit ?? null }),
  );
  app.get("/app-error", async () => {
    throw new AppError("RATE_LIMITED", "this tenant sent too many requests", { retryAfterSeconds: 30 });
  });
  app.get("/plugin-429", async () => {
    throw Object.assign(new Error("Rate limit exceeded, retry in 1 minute"), { statusCode: 429 });
  });
  app.get("/crash", async () => {
    throw new Error("password=hunter2 in a stack we never show");
  });
  app.get("/db-down", async () => {
    throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

function problemOf(response: { headers: Record<string, unknown>; body: string }): Problem {
  expect(String(response.headers["content-type"]).startsWith(problemContentType)).toBe(true);
  return Problem.parse(JSON.parse(response.body));
}

const validBody = { text: "hi", targets: [{ accountId: "acc_1" }] };

describe("createHttpServer", () => {
  it("serves a valid request through the zod type provider", async () => {
    const response = await app.inject({ method: "POST", url: "/posts?limit=5", payload: validBody });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ count: 1, limit: 5 });
  });

  it("assigns a req_ id, echoes it and logs with it", async () => {
    const response = await app.inject({ method: "GET", url: "/app-error" });
    const requestId = String(response.headers["x-request-id"]);
    expect(isId("request", requestId)).toBe(true);
    expect(problemOf(response).requestId).toBe(requestId);
    expect(lines.some((line) => line.requestId === requestId && line.msg === "request completed")).toBe(true);
  });

  it("keeps a well-formed incoming request id and replaces a malformed one", async () => {
    const kept = await app.inject({
      method: "GET",
      url: "/nowhere",
      headers: { "x-request-id": "lb-7f3a.9" },
    });
    expect(kept.headers["x-request-id"]).toBe("lb-7f3a.9");
    const replaced = await app.inject({
      method: "GET",
      url: "/nowhere",
      headers: { "x-request-id": "a b\u0000c" },
    });
    expect(isId("request", String(replaced.headers["x-request-id"]))).toBe(true);
  });

  it("answers an AppError with its code, status and Retry-After", async () => {
    const response = await app.inject({ method: "GET", url: "/app-error" });
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBe("30");
    expect(problemOf(response)).toEqual({
      type: "https://postd.dev/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      detail: "this tenant sent too many requests",
      code: "RATE_LIMITED",
      requestId: response.headers["x-request-id"],
    });
  });

  it("names every bad body field with where it is", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/posts",
      payload: { targets: [{}, { accountId: 3 }] },
    });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe("VALIDATION");
    expect(problem.errors?.map((e) => e.path)).toEqual([
      "body.text",
      "body.targets.0.accountId",
      "body.targets.1.accountId",
    ]);
  });

  it("names a bad query parameter", async () => {
    const response = await app.inject({ method: "POST", url: "/posts?limit=abc", payload: validBody });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.map((e) => e.path)).toEqual(["querystring.limit"]);
  });

  it("answers a body over the limit with PAYLOAD_TOO_LARGE", async () => {
    const payload = { ...validBody, text: "x".repeat(2048) };
    const response = await app.inject({ method: "POST", url: "/posts", payload });
    expect(response.statusCode).toBe(413);
    expect(problemOf(response).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers an unknown content type with UNSUPPORTED_MEDIA_TYPE", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/posts",
      headers: { "content-type": "text/csv" },
      payload: "a,b",
    });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers invalid JSON with VALIDATION", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/posts",
      headers: { "content-type": "application/json" },
      payload: '{"text": ',
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toMatchObject({
      code: "VALIDATION",
      detail: "the request body is not valid JSON",
    });
  });

  it("answers an empty JSON body with VALIDATION", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/posts",
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe("VALIDATION");
  });

  it("answers a plugin's 429 with RATE_LIMITED", async () => {
    const response = await app.inject({ method: "GET", url: "/plugin-429" });
    expect(response.statusCode).toBe(429);
    expect(problemOf(response).code).toBe("RATE_LIMITED");
  });

  it("answers an unknown route with NOT_FOUND", async () => {
    const response = await app.inject({ method: "DELETE", url: "/nowhere/at/all" });
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toMatchObject({ code: "NOT_FOUND", title: "Not found" });
  });

  it("answers a malformed URL with VALIDATION and still echoes the request id", async () => {
    const response = await app.inject({ method: "GET", url: "/posts/%E0%A4%A" });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).requestId).toBe(response.headers["x-request-id"]);
  });

  it("answers an unreachable database with UNAVAILABLE", async () => {
    const response = await app.inject({ method: "GET", url: "/db-down" });
    expect(response.statusCode).toBe(503);
    expect(problemOf(response).code).toBe("UNAVAILABLE");
  });

  it("answers anything else with a generic INTERNAL and logs the stack at error", async () => {
    const response = await app.inject({ method: "GET", url: "/crash" });
    expect(response.statusCode).toBe(500);
    const problem = problemOf(response);
    expect(problem.code).toBe("INTERNAL");
    expect(response.body).not.toContain("hunter2");
    const logged = lines.find(
      (line) => line.requestId === problem.requestId && line.msg === "request failed",
    );
    expect(logged?.level).toBe(50);
    expect(logged?.err?.stack).toContain("http-server.test.ts");
  });

  it("logs a rejected request at info, not error", async () => {
    const response = await app.inject({ method: "POST", url: "/posts", payload: {} });
    const requestId = response.headers["x-request-id"];
    const rejected = lines.filter((line) => line.requestId === requestId && line.code === "VALIDATION");
    expect(rejected.map((line) => [line.level, line.msg])).toEqual([[30, "request rejected"]]);
  });
});
