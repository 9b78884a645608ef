import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import type { RunningSim } from "./support/sim";
import {
  accessOf,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  mib,
  publishInput,
  simPublishes,
  startTikTokSim,
  videoPost,
} from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;
let aliceAuth: AuthenticateResult;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  aliceAuth = await connect(harness);
});

/** sha256 of what the sim's media host serves for `?bytes=size`: byte i is i mod 251. */
function expectedSha256(size: number): string {
  const hash = createHash("sha256");
  const block = 251 * 4096;
  const pattern = Buffer.alloc(block);
  for (let i = 0; i < block; i++) pattern[i] = i % 251;
  for (let offset = 0; offset < size; offset += block)
    hash.update(pattern.subarray(0, Math.min(block, size - offset)));
  return hash.digest("hex");
}

const fileVideo = (bytes: number) =>
  videoPost(
    { uploadMode: "file" },
    { media: [{ url: `https://media.platform-sim.test/clip.mp4?bytes=${bytes}`, type: "video" }] },
  );

describe("tiktok FILE_UPLOAD", () => {
  it("streams a 12 MB video in two chunks; the sim receives every byte, in order", async () => {
    const size = 12 * mib;
    const input = publishInput(fileVideo(size));
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    const [publish] = await simPublishes(sim);
    expect(publish?.source).toBe("FILE_UPLOAD");
    expect(publish?.upload).toEqual({
      videoSize: 12_582_912,
      chunkSize: 5 * mib,
      totalChunkCount: 2,
      received: 12_582_912,
      chunks: [
        { first: 0, last: 5 * mib - 1 },
        { first: 5 * mib, last: size - 1 },
      ],
      sha256: expectedSha256(size),
    });
    expect(published.platformPostId).toBe(publish?.postId);
    expect(await callCount(sim, endpoints.upload)).toBe(2);
    expect(input.saves[0]).toMatchObject({
      publishId: expect.stringMatching(/^v_pub_file~/),
      source: "FILE_UPLOAD",
      uploadUrl: expect.stringMatching(/^https:\/\/open-upload\.tiktokapis\.com\/upload\/\?upload_id=/),
      videoSize: "12582912",
      chunkSize: String(5 * mib),
      totalChunkCount: "2",
    });
    expect(input.saves[1]).toMatchObject({ uploadComplete: "true" });
  });

  it("sends a video under 5 MB whole, with chunk_size equal to its size", async () => {
    await harness.connector.publish(accessOf(aliceAuth), publishInput(fileVideo(300_000)));
    const [publish] = await simPublishes(sim);
    expect(publish?.upload).toMatchObject({ chunkSize: 300_000, totalChunkCount: 1, received: 300_000 });
    expect(publish?.upload?.sha256).toBe(expectedSha256(300_000));
  });

  it("a chunk that failed is sent again on the retry, from the bytes TikTok holds", async () => {
    const size = 11 * mib;
    // the first chunk goes through; the second meets a 503
    await sim.control("POST", "/_sim/faults", {
      rules: [
        { host: "open-upload.tiktokapis.com", action: { type: "latency", ms: 0 } },
        { host: "open-upload.tiktokapis.com", action: { type: "respond", status: 503, body: "busy" } },
      ],
    });
    const input = publishInput(fileVideo(size));
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(error).toMatchObject({ kind: "transient", httpStatus: 503 });
    expect(input.progress.uploadComplete).toBeUndefined();
    expect((await simPublishes(sim))[0]?.upload?.received).toBe(5 * mib);

    await harness.connector.publish(accessOf(aliceAuth), input);
    const [publish] = await simPublishes(sim);
    expect(publish?.upload?.chunks).toEqual([
      { first: 0, last: 5 * mib - 1 },
      { first: 5 * mib, last: size - 1 },
    ]);
    expect(publish?.upload?.sha256).toBe(expectedSha256(size));
    expect(publish?.status).toBe("PUBLISH_COMPLETE");
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
  });

  const claimUploaded = (bytes: number) =>
    sim.control("POST", "/_sim/faults", {
      path: "/v2/post/publish/status/fetch/",
      action: {
        type: "respond",
        status: 200,
        body: {
          data: { status: "PROCESSING_UPLOAD", uploaded_bytes: bytes },
          error: { code: "ok", message: "", log_id: "l" },
        },
      },
    });

  it("a 416 moves the upload forward to the bytes TikTok holds", async () => {
    const size = 10 * mib;
    await sim.control("POST", "/_sim/faults", {
      rules: [
        { host: "open-upload.tiktokapis.com", action: { type: "latency", ms: 0 } },
        { host: "open-upload.tiktokapis.com", action: { type: "reset_before" } },
      ],
    });
    const input = publishInput(fileVideo(size));
    expect((await caught(harness.connector.publish(accessOf(aliceAuth), input))).kind).toBe("transient");
    // the status misreports nothing arrived: chunk 0 again, 416 "bytes 0-5242879/…", on with chunk 1
    await claimUploaded(0);
    await harness.connector.publish(accessOf(aliceAuth), input);
    const [publish] = await simPublishes(sim);
    expect(publish?.upload?.chunks.map((c) => c.first)).toEqual([0, 5 * mib]);
    expect(publish?.upload?.sha256).toBe(expectedSha256(size));
    expect(await callCount(sim, endpoints.upload)).toBe(4);
  });

  it("a 416 moves the upload back, reopening the media at TikTok's offset", async () => {
    const size = 10 * mib;
    await sim.control("POST", "/_sim/faults", {
      host: "open-upload.tiktokapis.com",
      action: { type: "respond", status: 503, body: "busy" },
    });
    const input = publishInput(fileVideo(size));
    expect((await caught(harness.connector.publish(accessOf(aliceAuth), input))).kind).toBe("transient");
    // the status claims chunk 0 arrived: chunk 1 is sent, 416 "bytes */…", back to chunk 0
    await claimUploaded(5 * mib);
    await harness.connector.publish(accessOf(aliceAuth), input);
    const [publish] = await simPublishes(sim);
    expect(publish?.upload?.chunks.map((c) => c.first)).toEqual([0, 5 * mib]);
    expect(publish?.upload?.sha256).toBe(expectedSha256(size));
    expect(await callCount(sim, endpoints.upload)).toBe(4);
  });

  it("an expired upload URL drops the task, and the retry starts a new one", async () => {
    await sim.control("POST", "/_sim/faults", {
      host: "open-upload.tiktokapis.com",
      action: {
        type: "respond",
        status: 403,
        body: { data: {}, error: { code: "upload_url_expired", message: "", log_id: "l" } },
      },
    });
    const input = publishInput(fileVideo(6 * mib));
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(error).toMatchObject({ kind: "transient", platformCode: "upload_restart" });
    expect(input.progress.publishId).toBeUndefined();
    await harness.connector.publish(accessOf(aliceAuth), input);
    expect(await callCount(sim, endpoints.videoInit)).toBe(2);
    const publishes = await simPublishes(sim);
    expect(publishes.map((p) => p.status)).toEqual(["PROCESSING_UPLOAD", "PUBLISH_COMPLETE"]);
  });

  it("a media URL that answers 404 is a media error, before any init", async () => {
    const post = videoPost(
      { uploadMode: "file" },
      { media: [{ url: "https://media.platform-sim.test/missing", type: "video" }] },
    );
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), publishInput(post)));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "media_http_404" });
    expect(await callCount(sim, endpoints.videoInit)).toBe(0);
  });
});
