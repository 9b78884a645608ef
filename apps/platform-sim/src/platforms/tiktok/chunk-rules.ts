const megabyte = 1024 * 1024;

/** TikTok's FILE_UPLOAD rules (media transfer guide), read as binary megabytes. */
export const chunkRules = {
  minChunk: 5 * megabyte,
  maxChunk: 64 * megabyte,
  maxLastChunk: 128 * megabyte,
  maxChunkCount: 1000,
  maxVideoSize: 4 * 1024 * megabyte,
};

export interface UploadPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/** Why TikTok would refuse this `source_info`, or null when it follows the rules. */
export function chunkPlanProblem(source: Record<string, unknown>): string | null {
  const { video_size: size, chunk_size: chunk, total_chunk_count: count } = source;
  if (!isPositiveInteger(size) || !isPositiveInteger(chunk) || !isPositiveInteger(count)) {
    return "video_size, chunk_size and total_chunk_count must be positive integers";
  }
  if (size > chunkRules.maxVideoSize) return "video_size is over 4 GB";
  if (size < chunkRules.minChunk) {
    return chunk === size && count === 1
      ? null
      : "a video under 5 MB is uploaded whole: chunk_size = video_size";
  }
  if (chunk < chunkRules.minChunk || chunk > chunkRules.maxChunk) return "chunk_size must be 5 MB to 64 MB";
  if (chunk > size) return "chunk_size exceeds video_size";
  if (count !== Math.floor(size / chunk)) return "total_chunk_count must be floor(video_size / chunk_size)";
  if (count > chunkRules.maxChunkCount) return "total_chunk_count must be at most 1000";
  if (size - (count - 1) * chunk > chunkRules.maxLastChunk) return "the last chunk would exceed 128 MB";
  return null;
}

/** The byte range chunk `index` must cover; the last chunk takes the remainder. */
export function expectedChunk(plan: UploadPlan, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const last = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { first, last };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
