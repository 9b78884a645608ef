import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/** RFC 9457 as api.md fixes it: every error carries these, with `status` equal to the HTTP status. */
const problemFields = ["type", "title", "status", "detail", "code", "requestId"] as const;

/** Why a response is not a well-formed problem for its status, or null when it is one. */
export function problemDefect(response: LightMyRequestResponse): string | null {
  const contentType = String(response.headers["content-type"] ?? "");
  if (!contentType.startsWith("application/problem+json")) return `content-type ${contentType || "(none)"}`;
  let body: Record<string, unknown>;
  try {
    body = response.json<Record<string, unknown>>();
  } catch {
    return "a body that is not JSON";
  }
  const missing = problemFields.filter((field) => body[field] === undefined || body[field] === "");
  if (missing.length > 0) return `no ${missing.join(", ")}`;
  if (body.status !== response.statusCode) return `status ${String(body.status)} in a ${response.statusCode}`;
  if (body.requestId !== response.headers["x-request-id"])
    return "a requestId other than the x-request-id header";
  return null;
}

/** Asserts a problem+json answer with this status (and this code, when given). */
export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  options: { code?: string; what?: string; method?: string } = {},
): void {
  const what = options.what ?? "";
  expect(response.statusCode, `${what} ${response.body.slice(0, 300)}`).toBe(status);
  if (options.method === "HEAD") return; // no body to hold the problem
  expect(problemDefect(response), `${what} ${response.body.slice(0, 300)}`).toBeNull();
  if (options.code) expect(response.json<{ code: string }>().code, what).toBe(options.code);
}
