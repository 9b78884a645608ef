import { type ConnectorDeps, ConnectorError } from "../core/index";

const probeTimeoutMs = 30_000;

export interface MediaProbe {
  size: number;
  contentType: string | null;
}

/** An open download of the media, read forward in exact amounts; holds at most what one `read` asks for. */
export interface MediaReader {
  /** exactly `length` bytes, or a transient error if the source ends early */
  read(length: number): Promise<Uint8Array>;
  skip(length: number): Promise<void>;
  close(): Promise<void>;
}

/** The media's size from a HEAD (or, when HEAD says nothing, the headers of a GET whose body is dropped). */
export async function probeMedia(
  deps: ConnectorDeps,
  url: string,
  signal?: AbortSignal,
): Promise<MediaProbe> {
  const head = await fetchMedia(deps, url, { method: "HEAD", signal });
  const fromHead = readSize(head);
  if (fromHead !== null) return { size: fromHead, contentType: head.headers.get("content-type") };
  const get = await fetchMedia(deps, url, { method: "GET", signal });
  await get.body?.cancel();
  const fromGet = readSize(get);
  if (fromGet === null) {
    throw mediaError(
      "invalid_request",
      "media_size_unknown",
      `${url} does not say its size (Content-Length)`,
    );
  }
  return { size: fromGet, contentType: get.headers.get("content-type") };
}

/** Opens the media at `offset`: a Range request when the server honours it, else skipping from the start. */
export async function openMedia(
  deps: ConnectorDeps,
  url: string,
  options: { offset: number; signal?: AbortSignal },
): Promise<MediaReader> {
  const headers: Record<string, string> = options.offset > 0 ? { range: `bytes=${options.offset}-` } : {};
  const response = await fetchMedia(deps, url, {
    method: "GET",
    headers,
    signal: options.signal,
    stream: true,
  });
  if (!response.body) throw mediaError("transient", "media_empty", `${url} answered without a body`);
  const reader = createMediaReader(response.body.getReader(), url);
  if (options.offset > 0 && response.status !== 206) await reader.skip(options.offset);
  return reader;
}

function createMediaReader(reader: ReadableStreamDefaultReader<Uint8Array>, url: string): MediaReader {
  let pending: Uint8Array = new Uint8Array(0);

  async function next(): Promise<Uint8Array> {
    if (pending.length > 0) {
      const head = pending;
      pending = new Uint8Array(0);
      return head;
    }
    const { done, value } = await reader.read();
    if (done) throw mediaError("transient", "media_truncated", `${url} ended before its announced size`);
    return value;
  }

  return {
    async read(length) {
      const chunk = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const piece = await next();
        const take = Math.min(piece.length, length - filled);
        chunk.set(piece.subarray(0, take), filled);
        filled += take;
        if (take < piece.length) pending = piece.subarray(take);
      }
      return chunk;
    },
    async skip(length) {
      let skipped = 0;
      while (skipped < length) {
        const piece = await next();
        const take = Math.min(piece.length, length - skipped);
        skipped += take;
        if (take < piece.length) pending = piece.subarray(take);
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}

async function fetchMedia(
  deps: ConnectorDeps,
  url: string,
  options: {
    method: "GET" | "HEAD";
    headers?: Record<string, string>;
    signal?: AbortSignal;
    stream?: boolean;
  },
): Promise<Response> {
  const timeout = AbortSignal.timeout(probeTimeoutMs);
  // a streamed download may take long; only its start is bounded, by the caller's signal
  const signals = [options.signal, options.stream ? undefined : timeout].filter((s) => s !== undefined);
  let response: Response;
  try {
    response = await fetch(deps.http.resolveUrl(url), {
      method: options.method,
      headers: options.headers ?? {},
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
  } catch (error) {
    throw mediaError("transient", "media_unreachable", `cannot fetch ${url}`, error);
  }
  if (response.ok) return response;
  await response.body?.cancel();
  const kind = response.status >= 500 || response.status === 429 ? "transient" : "invalid_request";
  throw mediaError(kind, `media_http_${response.status}`, `${url} answered HTTP ${response.status}`);
}

function readSize(response: Response): number | null {
  const value = response.headers.get("content-length");
  if (value === null || !/^\d+$/.test(value)) return null;
  const size = Number(value);
  return size > 0 ? size : null;
}

function mediaError(
  kind: "transient" | "invalid_request",
  platformCode: string,
  message: string,
  cause?: unknown,
): ConnectorError {
  return new ConnectorError({
    kind,
    platform: "tiktok",
    platformCode,
    message: `publish.read_media: ${message}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
