import type { z } from "zod";
import { ConnectorError, type HttpBody, type HttpRequest, type HttpResponse } from "../core/index";
import { classifyLinkedInError } from "./classify-error";
import { linkedInHosts } from "./config";
import type { LinkedInContext } from "./context";
import { type RestliQueryValue, restliQueryString } from "./restli";

export interface RestCall {
  /** metric label, e.g. "publish.create_post" */
  operation: string;
  method: HttpRequest["method"];
  /** the path on api.linkedin.com with URNs already encoded: `/rest/posts/urn%3Ali%3Ashare%3A1` */
  path: string;
  query?: Record<string, RestliQueryValue | undefined>;
  accessToken: string;
  body?: HttpBody;
  /** `X-RestLi-Method` for finders and deletes, as LinkedIn's examples send it */
  restliMethod?: "FINDER" | "DELETE";
  signal?: AbortSignal;
}

/**
 * One call on `https://api.linkedin.com/rest/…` (or `/v2/userinfo`) with the headers LinkedIn requires on every
 * call. Answers other than 2xx become a ConnectorError through the one classifier.
 */
export async function restRequest(context: LinkedInContext, call: RestCall): Promise<HttpResponse> {
  const query = call.query ? restliQueryString(call.query) : "";
  const headers: Record<string, string> = {
    authorization: `Bearer ${call.accessToken}`,
    "linkedin-version": context.config.apiVersion,
    "x-restli-protocol-version": "2.0.0",
  };
  if (call.restliMethod) headers["x-restli-method"] = call.restliMethod;
  const response = await context.deps.http.request({
    platform: "linkedin",
    operation: call.operation,
    method: call.method,
    url: `${linkedInHosts.api}${call.path}${query ? `?${query}` : ""}`,
    headers,
    ...(call.body ? { body: call.body } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw classifyLinkedInError(response, { operation: call.operation, now: context.deps.clock.now() });
}

/** Parses a 2xx body; a body that does not have the documented shape is a platform fault (transient). */
export function parseBody<T>(schema: z.ZodType<T>, response: HttpResponse, operation: string): T {
  const parsed = schema.safeParse(response.json);
  if (parsed.success) return parsed.data;
  throw new ConnectorError({
    kind: "transient",
    platform: "linkedin",
    platformCode: "malformed_response",
    message: `${operation}: LinkedIn answered ${response.status} with an unexpected body`,
    httpStatus: response.status,
    cause: parsed.error,
  });
}
