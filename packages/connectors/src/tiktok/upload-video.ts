import { type ConnectorDeps, ConnectorError, type HttpResponse } from "../core/index";
import { type ChunkPlan, chunkIndexAt, chunkRange } from "./chunk-plan";
import { classifyTikTokError } from "./classify-error";
import { type MediaReader, openMedia } from "./media-source";

/** How often a 416 may move us to the server's offset before we give up on this attempt. */
const maxResyncs = 3;

export interface UploadVideoInput {
  mediaUrl: string;
  uploadUrl: string;
  plan: ChunkPlan;
  contentType: string;
  /** where to start: 0, or the bytes TikTok already holds (a chunk boundary) on a resumed upload */
  startOffset: number;
  signal?: AbortSignal;
}

/**
 * Streams the video from its URL to TikTok's `upload_url`, one chunk per `PUT` with `Content-Range`, never
 * holding more than one chunk. 206: next chunk; 201: TikTok has it all. 416: TikTok holds a different amount;
 * we continue from its `Content-Range` when that is a chunk boundary.
 */
export async function uploadVideoChunks(deps: ConnectorDeps, input: UploadVideoInput): Promise<void> {
  const { plan } = input;
  let offset = chunkIndexAt(plan, input.startOffset) === null ? 0 : input.startOffset;
  let source = await openMedia(deps, input.mediaUrl, { offset, ...signalOf(input) });
  let position = offset;
  let resyncs = 0;
  try {
    for (;;) {
      const range = chunkRange(plan, chunkIndexAt(plan, offset) ?? 0);
      const bytes = await source.read(range.last - range.first + 1);
      position = range.last + 1;
      const response = await putChunk(deps, input, range, bytes);
      if (response.status === 201) return;
      if (response.status === 206 && position < plan.videoSize) {
        offset = position;
        continue;
      }
      const held = response.status === 416 ? bytesHeld(response) : null;
      if (held === plan.videoSize) return;
      if (held === null || chunkIndexAt(plan, held) === null || resyncs++ >= maxResyncs) {
        throw uploadError(response, deps.clock.now());
      }
      if (held >= position) {
        await source.skip(held - position);
      } else {
        await source.close();
        source = await openMedia(deps, input.mediaUrl, { offset: held, ...signalOf(input) });
      }
      offset = held;
      position = held;
    }
  } finally {
    await closeQuietly(source);
  }
}

async function putChunk(
  deps: ConnectorDeps,
  input: UploadVideoInput,
  range: { first: number; last: number },
  bytes: Uint8Array,
): Promise<HttpResponse> {
  return deps.http.request({
    platform: "tiktok",
    operation: "publish.upload_chunk",
    method: "PUT",
    url: input.uploadUrl,
    headers: {
      "content-length": String(bytes.length),
      "content-range": `bytes ${range.first}-${range.last}/${input.plan.videoSize}`,
    },
    body: { raw: bytes, contentType: input.contentType },
    // at least a minute, plus one second per megabyte
    timeoutMs: 60_000 + Math.ceil(bytes.length / 1000),
    ...signalOf(input),
  });
}

/** How many bytes TikTok says it holds, from `Content-Range: bytes 0-N/T` (N+1) or `bytes * /T` (0). */
export function bytesHeld(response: HttpResponse): number | null {
  const value = response.headers.get("content-range");
  if (!value) return null;
  if (/^bytes \*\/\d+$/.test(value.trim())) return 0;
  const match = /^bytes (\d+)-(\d+)\/\d+$/.exec(value.trim());
  return match ? Number(match[2]) + 1 : null;
}

/**
 * A failed chunk. 403 (the upload URL expired) and 404 (TikTok forgot the upload) mean this publish can never
 * finish: `upload_restart`, so the caller drops it and the next attempt starts a new one. 400/416 are ours to fix.
 */
function uploadError(response: HttpResponse, now: number): ConnectorError {
  if (response.status === 403 || response.status === 404) {
    return new ConnectorError({
      kind: "transient",
      platform: "tiktok",
      platformCode: uploadRestartCode,
      message: `publish.upload_chunk: the upload URL is no longer valid (HTTP ${response.status})`,
      httpStatus: response.status,
    });
  }
  if (response.status === 400 || response.status === 416) {
    return new ConnectorError({
      kind: "invalid_request",
      platform: "tiktok",
      platformCode: response.status === 416 ? "upload_range_mismatch" : "upload_rejected",
      message: `publish.upload_chunk: TikTok refused the chunk (HTTP ${response.status}) ${response.text.slice(0, 200)}`,
      httpStatus: response.status,
    });
  }
  return classifyTikTokError({
    status: response.status,
    body: response.json,
    headers: response.headers,
    operation: "publish.upload_chunk",
    now,
  });
}

export const uploadRestartCode = "upload_restart";

function signalOf(input: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return input.signal ? { signal: input.signal } : {};
}

async function closeQuietly(source: MediaReader): Promise<void> {
  await source.close().catch(() => undefined);
}
