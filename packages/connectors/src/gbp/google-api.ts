import type { z } from "zod";
import { ConnectorError, type HttpRequest, type HttpResponse } from "../core/index";
import { classifyGbpError } from "./classify-error";
import type { GbpContext } from "./context";

export interface GoogleCall {
  /** metric label and message prefix: "publish.create_local_post" */
  operation: string;
  method: HttpRequest["method"];
  /** the full Google URL, query string included when it repeats a key (`dailyMetrics`) */
  url: string;
  query?: Record<string, string | number | undefined>;
  accessToken: string;
  json?: unknown;
  signal?: AbortSignal;
}

/** One Business Profile API call with the bearer token; anything but 2xx is thrown, classified. */
export async function googleRequest(context: GbpContext, call: GoogleCall): Promise<HttpResponse> {
  const response = await context.deps.http.request({
    platform: "gbp",
    operation: call.operation,
    method: call.method,
    url: call.url,
    headers: { authorization: `Bearer ${call.accessToken}` },
    ...(call.query ? { query: call.query } : {}),
    ...(call.json !== undefined ? { body: { json: call.json } } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw classifyGbpError(response, { operation: call.operation, now: context.deps.clock.now() });
}

/**
 * Parses a 2xx body. One without the documented shape is Google's fault: `transient` for a read, and for a
 * write that may have taken effect (`sideEffect`) an unknown outcome, which findPost settles.
 */
export function parseBody<T>(
  schema: z.ZodType<T>,
  response: HttpResponse,
  options: { operation: string; sideEffect?: boolean },
): T {
  const parsed = schema.safeParse(response.json ?? {});
  if (parsed.success) return parsed.data;
  throw new ConnectorError({
    kind: options.sideEffect ? "unknown_outcome" : "transient",
    platform: "gbp",
    platformCode: "malformed_response",
    message: `${options.operation}: Google answered HTTP ${response.status} with a body we cannot read`,
    httpStatus: response.status,
    cause: parsed.error,
  });
}
