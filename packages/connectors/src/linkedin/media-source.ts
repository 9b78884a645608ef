import { ConnectorError } from "../core/index";
import type { LinkedInContext } from "./context";

/** A media file being downloaded: its size when the host says, and the body as a stream (never buffered whole). */
export interface MediaDownload {
  contentLength: number | null;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Media is fetched with `fetch` on the (sim-rewritten) URL, because the core HttpClient reads every answer into
 * a string and has no HEAD; see the report to the lead. Failures keep the connector taxonomy: an answer other than
 * 2xx is the user's media (`invalid_request`), no answer at all is `transient`.
 */
export async function fetchMedia(
  context: LinkedInContext,
  input: { url: string; field: string; method: "GET" | "HEAD"; range?: string; signal?: AbortSignal },
): Promise<Response> {
  const timeout = AbortSignal.timeout(input.method === "HEAD" ? 30_000 : 30 * 60_000);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(context.deps.http.resolveUrl(input.url), {
      method: input.method,
      signal,
      ...(input.range ? { headers: { range: input.range } } : {}),
    });
  } catch (error) {
    throw new ConnectorError({
      kind: "transient",
      platform: "linkedin",
      platformCode: "media_fetch_failed",
      message: `${input.field}: could not fetch ${input.url}`,
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw mediaError(input.field, `${input.url} answered HTTP ${response.status}`);
  }
  return response;
}

/**
 * The size LinkedIn's video initializeUpload needs up front: from a HEAD, or, when the host answers HEAD without
 * a length (some CDNs, and platform-sim's media host today), from a one-byte ranged GET whose body is dropped.
 */
export async function mediaSize(
  context: LinkedInContext,
  input: { url: string; field: string; signal?: AbortSignal },
): Promise<number> {
  const head = await fetchMedia(context, { ...input, method: "HEAD" });
  const fromHead = contentLengthOf(head);
  if (fromHead) return fromHead;
  const probe = await fetchMedia(context, { ...input, method: "GET", range: "bytes=0-0" });
  await probe.body?.cancel();
  const total = probe.status === 206 ? totalOfContentRange(probe) : contentLengthOf(probe);
  if (!total) throw mediaError(input.field, `${input.url} reports no size (Content-Length)`);
  return total;
}

function totalOfContentRange(response: Response): number | null {
  const match = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
  return match ? Number(match[1]) : null;
}

export async function openMedia(
  context: LinkedInContext,
  input: { url: string; field: string; signal?: AbortSignal },
): Promise<MediaDownload> {
  const response = await fetchMedia(context, { ...input, method: "GET" });
  if (!response.body) throw mediaError(input.field, `${input.url} answered without a body`);
  return {
    contentLength: contentLengthOf(response),
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
    body: response.body,
  };
}

function contentLengthOf(response: Response): number | null {
  const value = response.headers.get("content-length");
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

export function mediaError(field: string, detail: string): ConnectorError {
  return new ConnectorError({
    kind: "invalid_request",
    platform: "linkedin",
    platformCode: "media_unusable",
    message: `${field}: ${detail}`,
  });
}
