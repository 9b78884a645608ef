import type { Platform } from "@postd/contracts";
import { ConnectorError } from "./connector-error";
import { rewriteForSim } from "./sim-rewrite";

export type HttpBody =
  | { json: unknown }
  | { form: Record<string, string | number | boolean | undefined> }
  | { raw: Uint8Array | string; contentType: string }
  | { stream: ReadableStream<Uint8Array>; contentType: string; contentLength: number };

export interface HttpRequest {
  platform: Platform;
  /** what the call is for, as a low-cardinality metric label: "publish.create_container" */
  operation: string;
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** the real platform URL; rewritten to platform-sim when configured */
  url: string;
  /** an array value repeats the parameter (`dailyMetrics=A&dailyMetrics=B`) */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  headers?: Record<string, string>;
  body?: HttpBody;
  /** overrides the client's default timeout */
  timeoutMs?: number;
  /**
   * The request changes nothing on the platform even though its method is POST (TikTok's `status/fetch`,
   * `creator_info`): a lost answer is then `transient`, not `unknown_outcome`.
   */
  safeToRepeat?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** the body parsed as JSON, or undefined when it is empty or not JSON */
  json: unknown;
}

export interface RequestObservation {
  platform: Platform;
  operation: string;
  method: string;
  status: number | null;
  durationMs: number;
  /** "network" when no answer came back */
  failure: "network" | "timeout" | null;
}

/** What the `trace` hook learns about a call before it is made: never the URL, headers or body. */
export interface RequestTraceInfo {
  platform: Platform;
  operation: string;
  method: string;
}

/** Wraps one platform call, e.g. in a tracing span; must run `send` once and return (or throw) what it does. */
export type RequestTraceHook = <T>(info: RequestTraceInfo, send: () => Promise<T>) => Promise<T>;

export interface HttpClientOptions {
  simUrl?: string;
  timeoutMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  /** called after every request, for `connector.request.duration` */
  observe?: (observation: RequestObservation) => void;
  /** wraps every request (`traceConnectorRequest` from @postd/telemetry: a span per platform call) */
  trace?: RequestTraceHook;
}

/** A response whose body is not read: media downloads streamed chunk by chunk into an upload. */
export interface StreamingResponse {
  status: number;
  headers: Headers;
  /** the `content-length` header, when the server sent one */
  contentLength: number | null;
  body: ReadableStream<Uint8Array>;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** like `request`, but hands back the body as a stream without reading it (the caller must consume or cancel it) */
  stream(request: HttpRequest): Promise<StreamingResponse>;
  /** the URL as it will be fetched: platform-sim's when configured */
  resolveUrl(url: string): string;
}

/** Methods that HTTP defines as idempotent: sending one twice has the effect of sending it once. */
const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** Network error codes that mean the request never left: safe to send again. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
]);

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const fetchImpl = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const resolveUrl = (url: string) => rewriteForSim(url, options.simUrl);

  function send(req: HttpRequest, readBody: boolean): Promise<{ response: Response; text: string }> {
    if (!options.trace) return sendUntraced(req, readBody);
    return options.trace({ platform: req.platform, operation: req.operation, method: req.method }, () =>
      sendUntraced(req, readBody),
    );
  }

  async function sendUntraced(
    req: HttpRequest,
    readBody: boolean,
  ): Promise<{ response: Response; text: string }> {
    const url = new URL(resolveUrl(req.url));
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    const headers = new Headers(req.headers);
    if (options.userAgent && !headers.has("user-agent")) headers.set("user-agent", options.userAgent);
    const { body, duplex } = encodeBody(req.body, headers);
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const signal = req.signal
      ? AbortSignal.any([req.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    const observe = (status: number | null, failure: RequestObservation["failure"]) =>
      options.observe?.({
        platform: req.platform,
        operation: req.operation,
        method: req.method,
        status,
        durationMs: performance.now() - started,
        failure,
      });

    try {
      const response = await fetchImpl(url, {
        method: req.method,
        headers,
        body,
        signal,
        redirect: "manual",
        ...(duplex ? { duplex } : {}),
      } as RequestInit);
      const text = readBody ? await response.text() : "";
      observe(response.status, null);
      return { response, text };
    } catch (error) {
      const timedOut = isTimeout(error);
      observe(null, timedOut ? "timeout" : "network");
      throw networkError(req, error, timedOut, timeoutMs);
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const { response, text } = await send(req, true);
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  }

  async function stream(req: HttpRequest): Promise<StreamingResponse> {
    const { response } = await send(req, false);
    const length = response.headers.get("content-length");
    return {
      status: response.status,
      headers: response.headers,
      contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
      body: response.body ?? new ReadableStream({ start: (controller) => controller.close() }),
    };
  }

  return { request, stream, resolveUrl };
}

function encodeBody(
  body: HttpBody | undefined,
  headers: Headers,
): { body: RequestInit["body"]; duplex?: "half" } {
  if (!body) return { body: undefined };
  if ("json" in body) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return { body: JSON.stringify(body.json) };
  }
  if ("form" in body) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body.form))
      if (value !== undefined) form.set(key, String(value));
    return { body: form.toString() };
  }
  if ("raw" in body) {
    headers.set("content-type", body.contentType);
    return { body: body.raw as NonNullable<RequestInit["body"]> };
  }
  headers.set("content-type", body.contentType);
  headers.set("content-length", String(body.contentLength));
  return { body: body.stream as NonNullable<RequestInit["body"]>, duplex: "half" };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * No answer came back. If the request surely never left (refused, DNS), it is `transient`. Otherwise a request
 * that changes something may have taken effect on the platform: `unknown_outcome`, which the pipeline settles by
 * looking for the post instead of sending it again. Reads are always safe to repeat.
 */
function networkError(
  req: HttpRequest,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): ConnectorError {
  const code = errorCode(error);
  const neverSent = code !== undefined && notSentCodes.has(code);
  const safeToRepeat = req.safeToRepeat === true || idempotentMethods.has(req.method) || neverSent;
  const what = timedOut
    ? `no answer within ${timeoutMs} ms`
    : `connection failed (${code ?? "network error"})`;
  return new ConnectorError({
    kind: safeToRepeat ? "transient" : "unknown_outcome",
    platform: req.platform,
    platformCode: timedOut ? "timeout" : (code ?? "network"),
    message: `${req.operation}: ${what}`,
    cause: error,
  });
}
