import { describe, expect, it } from "vitest";
import { chunkIndexAt, chunkRange, planChunks } from "./chunk-plan";
import { clampChunkSize } from "./config";

const mib = 1024 * 1024;

describe("planChunks (TikTok's FILE_UPLOAD rules)", () => {
  it("sends a file under 5 MB whole", () => {
    expect(planChunks(4 * mib, 10 * mib)).toEqual({
      videoSize: 4 * mib,
      chunkSize: 4 * mib,
      totalChunkCount: 1,
    });
  });

  it("uses floor(size / chunk) chunks; the last one takes the remainder", () => {
    const plan = planChunks(12 * mib, 5 * mib);
    expect(plan).toEqual({ videoSize: 12 * mib, chunkSize: 5 * mib, totalChunkCount: 2 });
    expect(chunkRange(plan, 0)).toEqual({ index: 0, first: 0, last: 5 * mib - 1 });
    expect(chunkRange(plan, 1)).toEqual({ index: 1, first: 5 * mib, last: 12 * mib - 1 });
  });

  it("a file between 5 MB and one chunk is a single chunk of its own size", () => {
    expect(planChunks(7 * mib, 10 * mib)).toEqual({
      videoSize: 7 * mib,
      chunkSize: 7 * mib,
      totalChunkCount: 1,
    });
  });

  it("keeps a 4 GB file within 64 MB chunks and a last chunk under 128 MB", () => {
    const size = 4 * 1024 * mib - 1;
    const plan = planChunks(size, clampChunkSize(500 * mib));
    expect(plan.chunkSize).toBe(64 * mib);
    expect(plan.totalChunkCount).toBe(Math.floor(size / (64 * mib)));
    const last = chunkRange(plan, plan.totalChunkCount - 1);
    expect(last.last - last.first + 1).toBeLessThanOrEqual(128 * mib);
  });

  it("clamps the configured chunk size to 5–64 MB", () => {
    expect(clampChunkSize(1)).toBe(5 * mib);
    expect(clampChunkSize(1024 * mib)).toBe(64 * mib);
    expect(clampChunkSize(10 * mib)).toBe(10 * mib);
  });

  it("finds chunk boundaries only", () => {
    const plan = planChunks(16 * mib, 5 * mib);
    expect(chunkIndexAt(plan, 10 * mib)).toBe(2);
    expect(chunkIndexAt(plan, 10 * mib + 1)).toBeNull();
    expect(chunkIndexAt(plan, 15 * mib)).toBeNull();
  });

  it("refuses an empty file", () => {
    expect(() => planChunks(0, 5 * mib)).toThrow(RangeError);
  });
});
