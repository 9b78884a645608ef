import type { FastifyInstance, FastifyReply } from "fastify";
import type { SimState } from "../../state/sim-state";
import { expectedChunk } from "./chunk-rules";
import { sendError } from "./envelope";
import type { SimUpload, TikTokWorld } from "./world";

export const uploadHost = "open-upload.tiktokapis.com";
const videoTypes = new Set(["video/mp4", "video/quicktime", "video/webm"]);

/**
 * `PUT https://open-upload.tiktokapis.com/upload/?upload_id&upload_token`: chunks in order, each exactly its
 * planned range. 206 with the bytes held so far, 201 when all arrived; 416 when the range is not the next one;
 * 400 for bad headers or length; 403 once the URL expired (1 h); 404 for an unknown upload.
 */
export function registerUploadRoute(app: FastifyInstance, state: SimState, world: TikTokWorld): void {
  app.put(`/${uploadHost}/upload/`, async (request, reply) => {
    const now = state.now();
    const query = request.query as { upload_id?: string; upload_token?: string };
    const upload = findUpload(world, query.upload_id, query.upload_token);
    if (!upload) return sendError(reply, now, { status: 404, code: "not_found", message: "Unknown upload." });
    if (upload.expiresAt <= now) {
      return sendError(reply, now, {
        status: 403,
        code: "upload_url_expired",
        message: "The upload URL expired.",
      });
    }
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
    const range = parseContentRange(request.headers["content-range"]);
    const bytes = Buffer.isBuffer(request.body) ? request.body : null;
    if (!videoTypes.has(contentType) || !range || !bytes || range.total !== upload.videoSize) {
      return badRequest(reply, now, "Content-Type, Content-Range or the body does not match the upload.");
    }
    if (range.first !== upload.received) return held(reply.code(416), upload);
    const index = Math.floor(range.first / upload.chunkSize);
    const expected = expectedChunk(upload, Math.min(index, upload.totalChunkCount - 1));
    if (range.first !== expected.first || range.last !== expected.last) {
      return badRequest(reply, now, `Chunk ${index} must cover bytes ${expected.first}-${expected.last}.`);
    }
    if (bytes.length !== range.last - range.first + 1) {
      return badRequest(reply, now, "Content-Length does not match Content-Range.");
    }
    upload.hash.update(bytes);
    upload.received += bytes.length;
    upload.chunks.push({ first: range.first, last: range.last });
    if (upload.received < upload.videoSize) return held(reply.code(206), upload);
    upload.sha256 = upload.hash.digest("hex");
    return held(reply.code(201), upload);
  });
}

function findUpload(world: TikTokWorld, uploadId?: string, uploadToken?: string): SimUpload | undefined {
  for (const publish of world.publishes.values()) {
    const upload = publish.upload;
    if (upload && upload.uploadId === uploadId && upload.uploadToken === uploadToken) return upload;
  }
  return undefined;
}

/** Answers with `Content-Range` saying how many bytes TikTok holds. */
function held(reply: FastifyReply, upload: SimUpload): FastifyReply {
  const range =
    upload.received === 0
      ? `bytes */${upload.videoSize}`
      : `bytes 0-${upload.received - 1}/${upload.videoSize}`;
  return reply.header("content-range", range).send();
}

function badRequest(reply: FastifyReply, now: number, message: string): FastifyReply {
  return sendError(reply, now, { status: 400, code: "invalid_param", message });
}

function parseContentRange(value: string | string[] | undefined) {
  if (typeof value !== "string") return null;
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return null;
  const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return last >= first ? { first, last, total } : null;
}
