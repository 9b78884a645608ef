import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { linkedInErrors, sendError } from "./errors";
import { guardToken } from "./guard";
import type { LinkedInWorld } from "./world";

/** Where the emulated LinkedIn hands out upload URLs (real host; the connectors' sim rewrite brings them back). */
export const uploadBase = "https://www.linkedin.com/dms-uploads/sp/v2";

/**
 * `PUT https://www.linkedin.com/dms-uploads/sp/v2/{asset}/…`: an image's single upload (bearer token required,
 * 201) or one video part (pre-signed, exact byte count, 200 with the part's ETag).
 */
export function registerUploadRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  app.put("/www.linkedin.com/dms-uploads/sp/v2/:assetId/:kind/:part", async (request, reply) => {
    const { assetId, kind, part } = request.params as { assetId: string; kind: string; part: string };
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (kind === "feedshare-uploadedImage") {
      if (!guardToken(request, reply, state)) return reply;
      const image = world.images.get(`urn:li:image:${assetId}`);
      if (!image) return sendError(reply, linkedInErrors.notFound("Upload URL not found"));
      if (bytes.length === 0) return sendError(reply, linkedInErrors.badRequest("Empty upload"));
      image.status = "AVAILABLE";
      return reply.code(201).send();
    }
    const video = world.videos.get(`urn:li:video:${assetId}`);
    const index = Number(part);
    const range = video?.parts[index];
    if (kind !== "uploadedVideo" || !video || !range) {
      return sendError(reply, linkedInErrors.notFound("Upload URL not found"));
    }
    const expected = range[1] - range[0] + 1;
    if (bytes.length !== expected) {
      return sendError(
        reply,
        linkedInErrors.badRequest(`Part ${index} must be ${expected} bytes, got ${bytes.length}`),
      );
    }
    const etag = `/ambry-video/signedId/${assetId}-${index}-${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}`;
    video.etags[index] = etag;
    return reply.code(200).header("etag", etag).send();
  });
}
