import type { z } from "zod";
import { type ConnectorDeps, ConnectorError, type HttpRequest, hmacSha256Hex } from "../core/index";
import { classifyGraphError, graphErrorOf } from "./classify-error";
import { graphBaseUrl, type MetaConfig } from "./config";

export interface GraphCall<T> {
  /** the metric label: "publish.create_container" */
  operation: string;
  method: "GET" | "POST" | "DELETE";
  /** a path under the pinned version ("/me/accounts"), or a `paging.next` URL Graph handed back */
  path: string;
  /** the user or Page token; sent as a Bearer header with its `appsecret_proof` */
  token?: string;
  query?: HttpRequest["query"];
  /** sent as JSON, which Graph reads like form fields */
  body?: Record<string, unknown>;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

export interface GraphClient {
  call<T>(call: GraphCall<T>): Promise<T>;
}

/**
 * The one way the Meta connector talks to Graph: the pinned version, the token as `Authorization: Bearer` (never
 * in a URL we build) plus `appsecret_proof` (required when the app enables "Require App Secret", harmless
 * otherwise), every error answer through `classifyGraphError`, and every success checked against its schema.
 */
export function createGraphClient(config: MetaConfig, deps: ConnectorDeps): GraphClient {
  const base = graphBaseUrl(config);

  async function call<T>(request: GraphCall<T>): Promise<T> {
    const url = request.path.startsWith("https://") ? graphUrlOrThrow(request) : `${base}${request.path}`;
    const query = { ...request.query };
    const headers: Record<string, string> = {};
    if (request.token) {
      headers.authorization = `Bearer ${request.token}`;
      query.appsecret_proof = hmacSha256Hex(config.clientSecret, request.token);
    }
    const response = await deps.http.request({
      platform: "meta",
      operation: request.operation,
      method: request.method,
      url,
      query,
      headers,
      ...(request.body ? { body: { json: request.body } } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (response.status >= 400 || graphErrorOf(response.json)) {
      throw classifyGraphError({ response, operation: request.operation, now: deps.clock.now() });
    }
    const parsed = request.schema.safeParse(response.json);
    if (!parsed.success) {
      // A write that answered 2xx may have taken effect even if we cannot read the answer.
      throw new ConnectorError({
        kind: request.method === "POST" ? "unknown_outcome" : "transient",
        platform: "meta",
        platformCode: "unexpected_response",
        message: `${request.operation}: Graph answered ${response.status} with a body we could not read`,
        httpStatus: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  return { call };
}

/** Tokens only ever go to graph.facebook.com, even when a `paging.next` URL says otherwise. */
function graphUrlOrThrow(request: GraphCall<unknown>): string {
  if (new URL(request.path).host === "graph.facebook.com") return request.path;
  throw new ConnectorError({
    kind: "invalid_request",
    platform: "meta",
    platformCode: "unexpected_paging_host",
    message: `${request.operation}: refusing to follow a paging URL off graph.facebook.com`,
  });
}
