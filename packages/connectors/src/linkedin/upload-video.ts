import { z } from "zod";
import { type AccountAccess, ConnectorError, type MediaItem } from "../core/index";
import { BytePartReader } from "./byte-parts";
import type { LinkedInContext } from "./context";
import { mediaError, mediaSize, openMedia } from "./media-source";
import { parseBody, restRequest } from "./rest-request";
import { uploadToLinkedIn } from "./upload-put";

const UploadInstruction = z.looseObject({
  uploadUrl: z.string().min(1),
  firstByte: z.number().int().nonnegative(),
  lastByte: z.number().int().nonnegative(),
});
type UploadInstruction = z.infer<typeof UploadInstruction>;

const InitializeVideoUpload = z.object({
  value: z.looseObject({
    video: z.string().min(1),
    uploadInstructions: z.array(UploadInstruction).min(1),
    uploadToken: z.string().default(""),
  }),
});

/**
 * Videos API: the size from a HEAD, initializeUpload, one PUT per part (4 MiB slices of a single streamed
 * download, ETags kept in order), finalizeUpload. Returns the video URN; processing is awaited separately.
 */
export async function uploadVideo(
  context: LinkedInContext,
  access: AccountAccess,
  input: { item: MediaItem; field: string; signal?: AbortSignal },
): Promise<string> {
  const signal = input.signal ? { signal: input.signal } : {};
  const size = await mediaSize(context, { url: input.item.url, field: input.field, ...signal });
  const operation = "publish.video_initialize";
  const response = await restRequest(context, {
    operation,
    method: "POST",
    path: "/rest/videos",
    query: { action: "initializeUpload" },
    accessToken: access.accessToken,
    body: {
      json: {
        initializeUploadRequest: {
          owner: access.account.externalId,
          fileSizeBytes: size,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      },
    },
    ...signal,
  });
  const { value } = parseBody(InitializeVideoUpload, response, operation);
  const instructions = orderedInstructions(value.uploadInstructions, size);
  const etags = await uploadParts(context, { ...input, instructions, size });
  await restRequest(context, {
    operation: "publish.video_finalize",
    method: "POST",
    path: "/rest/videos",
    query: { action: "finalizeUpload" },
    accessToken: access.accessToken,
    body: {
      json: {
        finalizeUploadRequest: { video: value.video, uploadToken: value.uploadToken, uploadedPartIds: etags },
      },
    },
    ...signal,
  });
  return value.video;
}

async function uploadParts(
  context: LinkedInContext,
  input: {
    item: MediaItem;
    field: string;
    instructions: UploadInstruction[];
    size: number;
    signal?: AbortSignal;
  },
): Promise<string[]> {
  const signal = input.signal ? { signal: input.signal } : {};
  const media = await openMedia(context, { url: input.item.url, field: input.field, ...signal });
  if (media.contentLength !== null && media.contentLength !== input.size) {
    await media.body.cancel();
    throw mediaError(input.field, `the media changed size (${input.size} → ${media.contentLength} bytes)`);
  }
  const parts = new BytePartReader(media.body.getReader());
  const etags: string[] = [];
  try {
    for (const [index, instruction] of input.instructions.entries()) {
      const length = instruction.lastByte - instruction.firstByte + 1;
      const response = await uploadToLinkedIn(context, {
        operation: "publish.video_upload_part",
        url: instruction.uploadUrl,
        body: { stream: parts.part(length), contentType: "application/octet-stream", contentLength: length },
        ...signal,
      });
      const etag = response.headers.get("etag");
      if (!etag) throw malformed(`part ${index + 1} was accepted without an ETag`);
      etags.push(etag);
    }
  } finally {
    await parts.cancel();
  }
  return etags;
}

/** The parts must cover bytes 0…size-1 without gaps; anything else cannot be uploaded correctly. */
function orderedInstructions(instructions: UploadInstruction[], size: number): UploadInstruction[] {
  const ordered = [...instructions].sort((a, b) => a.firstByte - b.firstByte);
  let next = 0;
  for (const instruction of ordered) {
    if (instruction.firstByte !== next || instruction.lastByte < instruction.firstByte) {
      throw malformed("the upload instructions do not cover the file in contiguous parts");
    }
    next = instruction.lastByte + 1;
  }
  if (next !== size) throw malformed(`the upload instructions cover ${next} of ${size} bytes`);
  return ordered;
}

function malformed(detail: string): ConnectorError {
  return new ConnectorError({
    kind: "transient",
    platform: "linkedin",
    platformCode: "malformed_response",
    message: `publish.video_upload: ${detail}`,
  });
}
