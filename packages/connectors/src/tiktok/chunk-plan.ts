import { chunkRules } from "./config";

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

export interface ChunkRange {
  index: number;
  /** first byte, inclusive */
  first: number;
  /** last byte, inclusive */
  last: number;
}

/**
 * TikTok's FILE_UPLOAD rules: files under 5 MB go whole (chunk_size = video_size); otherwise chunks of
 * `chunk_size` (5–64 MB), `total_chunk_count = floor(video_size / chunk_size)` between 1 and 1000, and the last
 * chunk takes the remainder, so it is at least one chunk and under two (≤ 128 MB).
 */
export function planChunks(videoSize: number, preferredChunkSize: number): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
    throw new RangeError(`video size must be a positive integer, got ${videoSize}`);
  }
  if (videoSize < chunkRules.minChunkBytes) {
    return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  }
  const floorForCount = Math.ceil(videoSize / chunkRules.maxChunkCount);
  const chunkSize = Math.min(
    videoSize,
    Math.max(preferredChunkSize, floorForCount, chunkRules.minChunkBytes),
    chunkRules.maxChunkBytes,
  );
  const totalChunkCount = Math.floor(videoSize / chunkSize);
  const lastChunk = videoSize - (totalChunkCount - 1) * chunkSize;
  if (totalChunkCount > chunkRules.maxChunkCount || lastChunk > chunkRules.maxLastChunkBytes) {
    throw new RangeError(`a ${videoSize}-byte video cannot be cut within TikTok's chunk rules`);
  }
  return { videoSize, chunkSize, totalChunkCount };
}

export function chunkRange(plan: ChunkPlan, index: number): ChunkRange {
  const first = index * plan.chunkSize;
  const last = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { index, first, last };
}

/** The chunk that starts at `offset`, or null when the offset is not on a chunk boundary of this plan. */
export function chunkIndexAt(plan: ChunkPlan, offset: number): number | null {
  if (offset % plan.chunkSize !== 0) return null;
  const index = offset / plan.chunkSize;
  return index < plan.totalChunkCount ? index : null;
}
