import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { linkedInErrors, sendError } from "./errors";
import { guardRest } from "./guard";
import { authorProblem } from "./post-rules";
import { encodedPathUrn } from "./restli-query";
import { uploadBase } from "./upload-routes";
import type { LinkedInWorld, StoredVideo } from "./world";

export const videoPartBytes = 4 * 1024 * 1024;
const maxVideoBytes = 5 * 1024 * 1024 * 1024;
const hourMs = 3_600_000;

/** Images and Videos APIs: initializeUpload, finalizeUpload (videos), and the asset status. */
export function registerMediaRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  app.post("/api.linkedin.com/rest/images", (request, reply) =>
    initializeImage(request, reply, state, world),
  );
  app.post("/api.linkedin.com/rest/videos", (request, reply) => {
    const action = (request.query as { action?: string }).action;
    if (action === "finalizeUpload") return finalize(request, reply, state, world);
    return initializeVideo(request, reply, state, world);
  });

  app.get("/api.linkedin.com/rest/images/:urn", async (request, reply) => {
    if (!guardRest(request, reply, state)) return reply;
    const urn = encodedPathUrn(request.url);
    const image = urn ? world.images.get(urn) : undefined;
    if (!image) return sendError(reply, linkedInErrors.notFound());
    return { id: image.urn, owner: image.owner, status: image.status };
  });

  /** PROCESSING for `asyncPolls` checks after finalizeUpload, then AVAILABLE. */
  app.get("/api.linkedin.com/rest/videos/:urn", async (request, reply) => {
    if (!guardRest(request, reply, state)) return reply;
    const urn = encodedPathUrn(request.url);
    const video = urn ? world.videos.get(urn) : undefined;
    if (!video) return sendError(reply, linkedInErrors.notFound());
    if (video.status === "PROCESSING") {
      if (video.polls >= state.settings.asyncPolls) video.status = "AVAILABLE";
      else video.polls++;
    }
    return { id: video.urn, owner: video.owner, status: video.status };
  });
}

async function initializeImage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
) {
  const owner = ownerFor(request, reply, state, world, "images");
  if (!owner) return reply;
  const assetId = `D4E10AQ${randomBytes(6).toString("hex")}`;
  const urn = `urn:li:image:${assetId}`;
  world.images.set(urn, { urn, assetId, owner: owner.urn, status: "WAITING_UPLOAD" });
  return {
    value: {
      uploadUrlExpiresAt: state.now() + hourMs,
      uploadUrl: `${uploadBase}/${assetId}/feedshare-uploadedImage/0?ca=vector_feedshare&cn=uploads&m=AQ&app=postd&sync=0&v=beta&ut=${randomBytes(8).toString("hex")}`,
      image: urn,
    },
  };
}

async function initializeVideo(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
) {
  const owner = ownerFor(request, reply, state, world, "videos");
  if (!owner) return reply;
  const size = Number(owner.request.fileSizeBytes);
  if (!Number.isInteger(size) || size <= 0 || size > maxVideoBytes) {
    return sendError(
      reply,
      linkedInErrors.unprocessable("/initializeUploadRequest/fileSizeBytes", "invalid size"),
    );
  }
  const video = newVideo(owner.urn, size);
  world.videos.set(video.urn, video);
  return {
    value: {
      uploadUrlsExpireAt: state.now() + hourMs,
      video: video.urn,
      uploadInstructions: video.parts.map(([firstByte, lastByte], index) => ({
        uploadUrl: `${uploadBase}/${video.assetId}/uploadedVideo/${index}?ca=vector_feedshare&cn=uploads&m=AQ&app=postd&v=beta&ut=${randomBytes(8).toString("hex")}`,
        firstByte,
        lastByte,
      })),
      uploadToken: video.uploadToken,
    },
  };
}

function newVideo(owner: string, size: number): StoredVideo {
  const assetId = `D5610AQ${randomBytes(6).toString("hex")}`;
  const parts: Array<[number, number]> = [];
  for (let first = 0; first < size; first += videoPartBytes) {
    parts.push([first, Math.min(size, first + videoPartBytes) - 1]);
  }
  return {
    urn: `urn:li:video:${assetId}`,
    assetId,
    owner,
    fileSizeBytes: size,
    uploadToken: parts.length > 1 ? randomBytes(12).toString("base64url") : "",
    parts,
    etags: parts.map(() => null),
    status: "WAITING_UPLOAD",
    polls: 0,
  };
}

/** `initializeUploadRequest.owner` must be the member or an organization they may post for. */
function ownerFor(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
  resource: string,
): { urn: string; token: TokenRecord; request: Record<string, unknown> } | null {
  const token = guardRest(request, reply, state);
  if (!token) return null;
  if ((request.query as { action?: string }).action !== "initializeUpload") {
    sendError(reply, linkedInErrors.badRequest("Unsupported action"));
    return null;
  }
  const body = ((request.body ?? {}) as { initializeUploadRequest?: Record<string, unknown> })
    .initializeUploadRequest;
  const problem = authorProblem(world, token, body?.owner, "write", `${resource}.ACTION-initializeUpload`);
  if (problem || !body) {
    sendError(
      reply,
      problem ?? linkedInErrors.unprocessable("/initializeUploadRequest", "field is required"),
    );
    return null;
  }
  return { urn: String(body.owner), token, request: body };
}

function finalize(request: FastifyRequest, reply: FastifyReply, state: SimState, world: LinkedInWorld) {
  const token = guardRest(request, reply, state);
  if (!token) return reply;
  const body = ((request.body ?? {}) as { finalizeUploadRequest?: Record<string, unknown> })
    .finalizeUploadRequest;
  const video = typeof body?.video === "string" ? world.videos.get(body.video) : undefined;
  if (!body || !video) return sendError(reply, linkedInErrors.notFound("Video not found"));
  const problem = authorProblem(world, token, video.owner, "write", "videos.ACTION-finalizeUpload");
  if (problem) return sendError(reply, problem);
  if ((body.uploadToken ?? "") !== video.uploadToken) {
    return sendError(reply, linkedInErrors.badRequest("Invalid uploadToken"));
  }
  const sent = Array.isArray(body.uploadedPartIds) ? body.uploadedPartIds : [];
  const complete = video.etags.every((etag) => etag !== null);
  if (
    !complete ||
    sent.length !== video.etags.length ||
    sent.some((id, index) => id !== video.etags[index])
  ) {
    return sendError(
      reply,
      linkedInErrors.badRequest("uploadedPartIds must list the ETag of every uploaded part, in upload order"),
    );
  }
  video.status = "PROCESSING";
  video.polls = 0;
  return reply.code(200).send();
}
