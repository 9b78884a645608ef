import type { z } from "zod";
import { type ConnectorDeps, ConnectorError, type HttpResponse, isConnectorError } from "../core/index";
import { classifyTikTokError, readPlatformError } from "./classify-error";
import { tiktokApiBase } from "./config";

export interface TikTokCall<Schema extends z.ZodType> {
  /** metric label and message prefix: "publish.video_init" */
  operation: string;
  method: "GET" | "POST";
  /** path on open.tiktokapis.com: "/v2/user/info/" */
  path: string;
  accessToken?: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  form?: Record<string, string | undefined>;
  /** the `data` (or, for the token endpoint, the whole body) a success carries */
  schema: Schema;
  /** a write that may have taken effect: an unreadable success is then an unknown outcome, not transient */
  sideEffect?: boolean;
  signal?: AbortSignal;
}

export interface TikTokApi {
  /** An enveloped call: `{data, error:{code:"ok"}}` yields `data`; anything else throws a classified error. */
  call<Schema extends z.ZodType>(
    call: TikTokCall<Schema>,
  ): Promise<{ data: z.infer<Schema>; response: HttpResponse }>;
  /** The OAuth endpoints answer without the envelope: the body itself, or `{error, error_description}`. */
  callOAuth<Schema extends z.ZodType>(call: TikTokCall<Schema>): Promise<z.infer<Schema>>;
}

/**
 * TikTok reads many things by POST (creator_info, status, video list and query). The HTTP client cannot know
 * they are harmless and calls a lost answer an unknown outcome; for a read it is simply transient.
 */
function asRead(error: unknown): unknown {
  if (!isConnectorError(error) || error.kind !== "unknown_outcome") return error;
  return new ConnectorError({
    kind: "transient",
    platform: "tiktok",
    platformCode: error.platformCode,
    message: error.message,
    cause: error,
  });
}

export function createTikTokApi(deps: ConnectorDeps): TikTokApi {
  async function send(call: TikTokCall<z.ZodType>): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (call.accessToken) headers.authorization = `Bearer ${call.accessToken}`;
    return deps.http
      .request({
        platform: "tiktok",
        operation: call.operation,
        method: call.method,
        url: `${tiktokApiBase}${call.path}`,
        headers,
        ...(call.query ? { query: call.query } : {}),
        ...(call.json !== undefined ? { body: { json: call.json } } : {}),
        ...(call.form ? { body: { form: call.form } } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      })
      .catch((error: unknown) => {
        throw call.sideEffect ? error : asRead(error);
      });
  }

  const fail = (call: TikTokCall<z.ZodType>, response: HttpResponse) =>
    classifyTikTokError({
      status: response.status,
      body: response.json,
      headers: response.headers,
      operation: call.operation,
      now: deps.clock.now(),
    });

  function unreadable(call: TikTokCall<z.ZodType>, response: HttpResponse, cause: unknown) {
    return new ConnectorError({
      kind: call.sideEffect ? "unknown_outcome" : "transient",
      platform: "tiktok",
      platformCode: "unexpected_response",
      message: `${call.operation}: TikTok answered HTTP ${response.status} with a body we cannot read`,
      httpStatus: response.status,
      cause,
    });
  }

  return {
    async call(call) {
      const response = await send(call);
      const envelope = response.json as { data?: unknown; error?: { code?: unknown } } | undefined;
      const ok = envelope?.error?.code === "ok";
      if (!ok || response.status >= 300) {
        if (response.status < 300 && readPlatformError(response.json) === null) {
          throw unreadable(call, response, new Error(response.text.slice(0, 200)));
        }
        throw fail(call, response);
      }
      const parsed = call.schema.safeParse(envelope?.data ?? {});
      if (!parsed.success) throw unreadable(call, response, parsed.error);
      return { data: parsed.data, response };
    },

    async callOAuth(call) {
      const response = await send(call);
      if (response.status >= 300 || readPlatformError(response.json) !== null) throw fail(call, response);
      const parsed = call.schema.safeParse(response.json ?? {});
      if (!parsed.success) throw unreadable(call, response, parsed.error);
      return parsed.data;
    },
  };
}
